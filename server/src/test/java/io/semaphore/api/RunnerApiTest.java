package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.runner.RunnerService;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runner admin API on each database: global runners (administrators), a project's own (its managers), the
 * token shown once and working until the runner is disabled or deleted, online and running tasks as the engine
 * sees them, clear 400s for bad bodies, and a template's runner tag.
 */
class RunnerApiTest extends ServerOnEachDatabase {

    private RunnerService runners() {
        return server.services().runners();
    }

    @Test
    void globalRunner_createdWithItsTokenOnce_changed_disabled_andDeleted() {
        ApiClient admin = server.admin();
        ApiClient.Response created = admin.post("/api/runners", Map.of("name", "edge-1", "tag", "dmz",
                "max_parallel_tasks", 3, "webhook", "http://127.0.0.1:9/hook"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json();
        int id = c.get("id").asInt();
        String token = c.get("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(c.get("project_id").isNull()).isTrue();
        assertThat(c.get("name").asText()).isEqualTo("edge-1");
        assertThat(c.get("tag").asText()).isEqualTo("dmz");
        assertThat(c.get("max_parallel_tasks").asInt()).isEqualTo(3);
        assertThat(c.get("active").asBoolean()).isTrue();
        assertThat(c.get("touched").isNull()).isTrue();
        assertThat(c.get("online").asBoolean()).isFalse();
        assertThat(c.get("running_tasks").asInt()).isZero();
        assertThat(runners().authenticate(token).id()).isEqualTo(id);

        // the token is never answered again, nor stored as it is
        ApiClient.Response list = admin.get("/api/runners");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token);
        assertThat(list.json()).anySatisfy(r -> assertThat(r.get("id").asInt()).isEqualTo(id));
        assertThat(list.json().get(0).has("token")).isFalse();
        assertThat(admin.get("/api/runners/" + id).body()).doesNotContain(token).contains("\"webhook\":\"http://127.0.0.1:9/hook\"");
        String stored = server.services().db().read(h -> h.createQuery("SELECT token FROM runner WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(stored).isNotEqualTo(token);

        // a change of some fields keeps the others
        assertThat(admin.put("/api/runners/" + id, Map.of("name", "edge-one")).status()).isEqualTo(204);
        JsonNode changed = admin.get("/api/runners/" + id).json();
        assertThat(changed.get("name").asText()).isEqualTo("edge-one");
        assertThat(changed.get("tag").asText()).isEqualTo("dmz");
        assertThat(changed.get("max_parallel_tasks").asInt()).isEqualTo(3);

        // disabled: its token is refused at once; enabled again: accepted
        assertThat(admin.post("/api/runners/" + id + "/active", Map.of("active", false)).status()).isEqualTo(204);
        assertThat(admin.get("/api/runners/" + id).json().get("active").asBoolean()).isFalse();
        assertThatThrownBy(() -> runners().authenticate(token)).isInstanceOf(ForbiddenException.class);
        assertThat(admin.post("/api/runners/" + id + "/active", Map.of("active", true)).status()).isEqualTo(204);
        assertThat(runners().authenticate(token).id()).isEqualTo(id);

        // deleted: gone from the API, and its token stops working
        assertThat(admin.delete("/api/runners/" + id).status()).isEqualTo(204);
        ApiClient.Response gone = admin.get("/api/runners/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).contains("Runner " + id);
        assertThatThrownBy(() -> runners().authenticate(token)).isInstanceOf(UnauthorizedException.class);
        assertThat(admin.delete("/api/runners/" + id).status()).isEqualTo(404);
    }

    @Test
    void badBodies_areClear400s_andOnlyAdministratorsReachGlobalRunners() {
        ApiClient admin = server.admin();
        assertBadRequest(admin.post("/api/runners", Map.of("name", "x", "max_parallel_tasks", -1)), "max_parallel_tasks");
        assertBadRequest(admin.post("/api/runners", Map.of("name", "x".repeat(101))), "name");
        assertBadRequest(admin.post("/api/runners", Map.of("name", "x", "tag", "t".repeat(201))), "tag");
        assertBadRequest(admin.post("/api/runners", Map.of("name", 5)), "name");
        assertBadRequest(admin.post("/api/runners", Map.of("name", "x", "max_parallel_tasks", "2")), "max_parallel_tasks");
        assertBadRequest(admin.post("/api/runners", Map.of("name", "x", "project_id", 7)), "project_id");
        assertBadRequest(admin.post("/api/runners", "{\"name\": "), "not valid JSON");
        int id = admin.post("/api/runners", Map.of("name", "checked")).json().get("id").asInt();
        assertBadRequest(admin.post("/api/runners/" + id + "/active", Map.of()), "active");
        assertBadRequest(admin.post("/api/runners/" + id + "/active", Map.of("active", "no")), "active");
        assertBadRequest(admin.put("/api/runners/" + id, Map.of("id", id + 1)), "does not match");
        assertThat(admin.get("/api/runners/abc").status()).isEqualTo(404); // cannot name a runner, as every id here
        assertThat(admin.get("/api/runners/999999").status()).isEqualTo(404);
        assertThat(admin.get("/api/runners/999999").error()).contains("999999");

        TestServer.NewUser someone = server.newUser(false);
        for (ApiClient.Response r : List.of(someone.client().get("/api/runners"),
                someone.client().post("/api/runners", Map.of("name", "mine")),
                someone.client().post("/api/runners/" + id + "/active", Map.of("active", false)),
                someone.client().delete("/api/runners/" + id))) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
        }
        assertThat(server.anonymous().get("/api/runners").status()).isEqualTo(401);
        assertThat(admin.get("/api/runners/" + id).json().get("active").asBoolean()).isTrue();
        admin.delete("/api/runners/" + id);
    }

    @Test
    void onlineAndRunningTasks_areWhatTheServerSaw() {
        ApiClient admin = server.admin();
        JsonNode c = admin.post("/api/runners", Map.of("name", "watched")).json();
        int id = c.get("id").asInt();
        runners().heartbeat(id);
        JsonNode seen = admin.get("/api/runners/" + id).json();
        assertThat(seen.get("online").asBoolean()).isTrue();
        assertThat(Instant.parse(seen.get("touched").asText())).isAfter(Instant.now().minusSeconds(10));

        // heard from 31 seconds ago: offline
        server.services().db().run(h -> h.createUpdate("UPDATE runner SET touched = :t WHERE id = :id")
                .bind("t", Instant.now().minusSeconds(31)).bind("id", id).execute());
        assertThat(admin.get("/api/runners/" + id).json().get("online").asBoolean()).isFalse();

        // a running task and a finished one of this runner: one is running
        int project = createProject(admin, "Runner tasks");
        int template = template(admin, project, "job", null);
        server.services().db().run(h -> {
            for (String status : List.of("running", "success")) {
                h.createUpdate("INSERT INTO task (template_id, project_id, status, created, runner_id)"
                                + " VALUES (:t, :p, :s, :now, :r)")
                        .bind("t", template).bind("p", project).bind("s", status).bind("now", Instant.now())
                        .bind("r", id).execute();
            }
        });
        assertThat(admin.get("/api/runners/" + id).json().get("running_tasks").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/runners").json()).anySatisfy(r -> {
            assertThat(r.get("id").asInt()).isEqualTo(id);
            assertThat(r.get("running_tasks").asInt()).isEqualTo(1);
        });
    }

    @Test
    void projectRunners_managersManageTheirOwn_membersSeeThemAndTheGlobalOnes() {
        ApiClient admin = server.admin();
        int project = createProject(admin, "With runners");
        int other = createProject(admin, "Other");
        Map<String, ApiClient> role = new HashMap<>();
        for (String r : List.of("manager", "task_runner", "guest")) {
            TestServer.NewUser u = server.newUser(false);
            assertThat(admin.post("/api/project/" + project + "/users", Map.of("user_id", u.id(), "role", r)).status())
                    .isEqualTo(204);
            role.put(r, u.client());
        }
        String base = "/api/project/" + project + "/runners";
        int global = admin.post("/api/runners", Map.of("name", "shared", "webhook", "http://internal.example/hook"))
                .json().get("id").asInt();

        ApiClient.Response created = role.get("manager").post(base, Map.of("name", "edge-proj", "tag", "dmz"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int own = created.json().get("id").asInt();
        assertThat(created.json().get("project_id").asInt()).isEqualTo(project);
        assertThat(runners().authenticate(created.json().get("token").asText()).projectId()).isEqualTo(project);

        // members read: their own first, then the global ones without the webhook only administrators see
        JsonNode list = role.get("guest").get(base).json();
        assertThat(list.findValuesAsText("name")).startsWith("edge-proj").contains("shared");
        JsonNode shared = null;
        for (JsonNode r : list) {
            if (r.get("id").asInt() == global) {
                shared = r;
            }
        }
        assertThat(shared).isNotNull();
        assertThat(shared.get("project_id").isNull()).isTrue();
        assertThat(shared.get("webhook").asText()).isEmpty();
        assertThat(role.get("guest").get(base + "/" + own).status()).isEqualTo(200);

        // only managers and owners change them; a global runner is not changed from a project
        assertThat(role.get("task_runner").post(base, Map.of("name", "nope")).status()).isEqualTo(403);
        assertThat(role.get("guest").post(base + "/" + own + "/active", Map.of("active", false)).status()).isEqualTo(403);
        assertThat(role.get("manager").put(base + "/" + own, Map.of("tag", "dmz2")).status()).isEqualTo(204);
        assertThat(role.get("manager").post(base + "/" + own + "/active", Map.of("active", false)).status()).isEqualTo(204);
        JsonNode changed = role.get("guest").get(base + "/" + own).json();
        assertThat(changed.get("tag").asText()).isEqualTo("dmz2");
        assertThat(changed.get("active").asBoolean()).isFalse();
        assertThat(role.get("manager").put(base + "/" + global, Map.of("name", "taken")).status()).isEqualTo(404);
        assertThat(role.get("manager").delete(base + "/" + global).status()).isEqualTo(404);
        assertBadRequest(role.get("manager").post(base, Map.of("name", "x", "project_id", other)), "project_id");

        // a project's runner is not a global one, nor another project's
        assertThat(admin.get("/api/runners/" + own).status()).isEqualTo(404);
        assertThat(admin.get("/api/runners").json().findValuesAsText("name")).doesNotContain("edge-proj");
        assertThat(admin.get("/api/project/" + other + "/runners/" + own).status()).isEqualTo(404);
        assertThat(admin.get("/api/project/" + other + "/runners").json().findValuesAsText("name"))
                .doesNotContain("edge-proj").contains("shared");

        assertThat(role.get("manager").delete(base + "/" + own).status()).isEqualTo(204);
        assertThat(role.get("guest").get(base + "/" + own).status()).isEqualTo(404);
        admin.delete("/api/runners/" + global);
    }

    @Test
    void templateRunnerTag_isStored_cleared_andChecked() {
        ApiClient admin = server.admin();
        int project = createProject(admin, "Tagged templates");
        int id = template(admin, project, "tagged", "  dmz ");
        String t = "/api/project/" + project + "/templates/" + id;
        assertThat(admin.get(t).json().get("runner_tag").asText()).isEqualTo("dmz");
        JsonNode body = admin.get(t).json();
        // PUT replaces the template (as Semaphore's): sent again it stays, empty clears it (answered as null)
        assertThat(admin.put(t, Map.of("name", "tagged", "repository_id", body.get("repository_id").asInt(),
                "app", "bash", "playbook", "job.sh", "runner_tag", "edge")).status()).isEqualTo(204);
        assertThat(admin.get(t).json().get("runner_tag").asText()).isEqualTo("edge");
        assertThat(admin.put(t, Map.of("name", "tagged", "repository_id", body.get("repository_id").asInt(),
                "app", "bash", "playbook", "job.sh", "runner_tag", "")).status()).isEqualTo(204);
        assertThat(admin.get(t).json().get("runner_tag").isNull()).isTrue();
        assertThat(admin.put(t, Map.of("name", "tagged", "repository_id", body.get("repository_id").asInt(),
                "app", "bash", "playbook", "job.sh", "runner_tag", "edge")).status()).isEqualTo(204);
        assertThat(admin.put(t, Map.of("name", "tagged", "repository_id", body.get("repository_id").asInt(),
                "app", "bash", "playbook", "job.sh")).status()).isEqualTo(204);
        assertThat(admin.get(t).json().get("runner_tag").isNull()).as("left out of a PUT: cleared").isTrue();
        assertBadRequest(admin.put(t, Map.of("name", "tagged", "repository_id", body.get("repository_id").asInt(),
                "app", "bash", "playbook", "job.sh", "runner_tag", "x".repeat(201))), "runner_tag");
        assertBadRequest(admin.put(t, Map.of("name", "tagged", "repository_id", body.get("repository_id").asInt(),
                "app", "bash", "playbook", "job.sh", "runner_tag", 5)), "runner_tag");
    }

    private static int template(ApiClient admin, int project, String name, String runnerTag) {
        String p = "/api/project/" + project;
        Path repo = GitRepos.create(server.dir(), "runner-jobs-" + project + "-" + name, Map.of("job.sh", "#!/bin/bash\necho job\n"));
        int none = admin.get(p + "/keys").json().get(0).get("id").asInt();
        assertThat(admin.post(p + "/repositories", Map.of("name", "jobs-" + name, "git_url", repo.toString(),
                "git_branch", "main", "ssh_key_id", none)).status()).isEqualTo(204);
        int repoId = -1;
        for (JsonNode r : admin.get(p + "/repositories").json()) {
            if (r.get("name").asText().equals("jobs-" + name)) {
                repoId = r.get("id").asInt();
            }
        }
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "app", "bash", "playbook", "job.sh",
                "repository_id", repoId));
        if (runnerTag != null) {
            body.put("runner_tag", runnerTag);
        }
        ApiClient.Response r = admin.post(p + "/templates", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    private static void assertBadRequest(ApiClient.Response r, String mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.error()).as(r.body()).contains(mentions);
    }
}
