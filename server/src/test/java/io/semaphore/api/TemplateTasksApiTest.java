package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /templates/{template_id}/tasks} and {@code /tasks/last} answer for a template of the project only, and
 * {@code /tasks/last} pages as Semaphore's history page asks ({@code count}, {@code before}, {@code X-Has-Next}).
 */
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

    private static long insertTask(int project, int template) {
        return server.services().db().tx(h -> h.createUpdate("INSERT INTO task (template_id, project_id, status, created)"
                        + " VALUES (:t, :p, 'success', :c)").bind("t", template).bind("p", project).bind("c", Instant.now())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private static List<Long> ids(JsonNode tasks) {
        List<Long> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.get("id").asLong()));
        return out;
    }

    @Test
    void lastTasks_pageWithCountAndBefore_andTellWhetherOlderOnesFollow() {
        ApiClient admin = server.admin();
        int project = createProject(admin, "History");
        int deploy = insertTemplate(project, "Deploy");
        int build = insertTemplate(project, "Build");
        List<Long> all = new ArrayList<>();
        List<Long> deploys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long id = insertTask(project, i % 2 == 0 ? deploy : build);
            all.addFirst(id);
            if (i % 2 == 0) {
                deploys.addFirst(id);
            }
        }
        String last = "/api/project/" + project + "/tasks/last";

        // walking the history as Semaphore's history page does: count=3, then before=<smallest id of the page>
        List<Long> walked = new ArrayList<>();
        String before = "";
        List<String> hasNext = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            ApiClient.Response r = admin.get(last + "?count=3" + before);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<Long> ids = ids(r.json());
            assertThat(ids.size()).isLessThanOrEqualTo(3);
            walked.addAll(ids);
            hasNext.add(r.header("X-Has-Next"));
            if (!"true".equals(r.header("X-Has-Next"))) {
                break;
            }
            before = "&before=" + ids.getLast();
        }
        assertThat(walked).isEqualTo(all); // newest first, each once
        assertThat(hasNext).containsExactly("true", "true", "false");

        // a page that ends exactly at the oldest task says nothing follows
        ApiClient.Response exact = admin.get(last + "?count=7");
        assertThat(ids(exact.json())).isEqualTo(all);
        assertThat(exact.header("X-Has-Next")).isEqualTo("false");
        assertThat(admin.get(last + "?count=6").header("X-Has-Next")).isEqualTo("true");
        // `limit` is the older name of `count`; `count` wins; no parameter: the newest 200
        assertThat(ids(admin.get(last + "?limit=2").json())).isEqualTo(all.subList(0, 2));
        assertThat(ids(admin.get(last + "?limit=2&count=4").json())).isEqualTo(all.subList(0, 4));
        assertThat(ids(admin.get(last).json())).isEqualTo(all);
        assertThat(ids(admin.get(last + "?count=500").json())).isEqualTo(all); // more than 200 asked: 200 at most
        assertThat(admin.get(last).header("X-Has-Next")).isEqualTo("false");
        // before a task id that is not the smallest of anything: strictly older tasks
        assertThat(ids(admin.get(last + "?before=" + all.get(2)).json())).isEqualTo(all.subList(3, 7));
        assertThat(ids(admin.get(last + "?count=2&before=" + all.getLast()).json())).isEmpty();

        // a template's history pages the same way, with its own tasks only
        String templateLast = "/api/project/" + project + "/templates/" + deploy + "/tasks/last";
        ApiClient.Response first = admin.get(templateLast + "?count=2");
        assertThat(ids(first.json())).isEqualTo(deploys.subList(0, 2));
        assertThat(first.header("X-Has-Next")).isEqualTo("true");
        ApiClient.Response second = admin.get(templateLast + "?count=2&before=" + deploys.get(1));
        assertThat(ids(second.json())).isEqualTo(deploys.subList(2, 4));
        assertThat(second.header("X-Has-Next")).isEqualTo("false");

        ApiClient.Response bad = admin.get(last + "?before=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("'before'");
        assertThat(admin.get(last + "?count=-1").error()).contains("'count'");
    }
}
