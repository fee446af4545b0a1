package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import org.junit.jupiter.api.Test;

/** {@code /templates/{template_id}/tasks} and {@code /tasks/last} answer for a template of the project only. */
class TemplateTasksApiTest extends ServerOnEachDatabase {

    private static int insertTemplate(int project, String name) {
        return server.services().db().tx(h -> {
            int key = h.createQuery("SELECT id FROM access_key WHERE project_id = :p AND name = 'None'").bind("p", project)
                    .mapTo(Integer.class).one();
            int repo = h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, ssh_key_id)"
                            + " VALUES (:p, 'repo', '/srv/repo', :k)").bind("p", project).bind("k", key)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            return h.createUpdate("INSERT INTO project__template (project_id, name, repository_id) VALUES (:p, :n, :r)")
                    .bind("p", project).bind("n", name).bind("r", repo)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
        });
    }

    @Test
    void tasksOfATemplate_missingOrOfAnotherProject_are404NamingIt() {
        ApiClient admin = server.admin();
        int mine = createProject(admin, "Mine");
        int other = createProject(admin, "Other");
        int template = insertTemplate(mine, "Deploy");

        for (String suffix : new String[] {"/tasks", "/tasks/last"}) {
            ApiClient.Response own = admin.get("/api/project/" + mine + "/templates/" + template + suffix);
            assertThat(own.status()).as(own.body()).isEqualTo(200);
            assertThat(own.json()).isEmpty();

            ApiClient.Response foreign = admin.get("/api/project/" + other + "/templates/" + template + suffix);
            assertThat(foreign.status()).as(suffix).isEqualTo(404);
            assertThat(foreign.error()).isEqualTo("Template " + template + " not found in project " + other);

            ApiClient.Response missing = admin.get("/api/project/" + mine + "/templates/987654" + suffix);
            assertThat(missing.status()).as(suffix).isEqualTo(404);
            assertThat(missing.error()).isEqualTo("Template 987654 not found in project " + mine);
        }
    }
}
