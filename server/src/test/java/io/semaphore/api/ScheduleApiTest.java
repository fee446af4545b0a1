package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Semaphore's schedule routes on each database: shapes, rules, errors that say why, events, and a real firing. */
class ScheduleApiTest extends ServerOnEachDatabase {

    @Test
    void createListGetUpdateToggleDelete_asSemaphore() {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "crud");
        ApiClient.Response created = a.post(f.base + "/schedules", Map.of("template_id", f.template,
                "cron_format", "30 2 * * *", "name", "nightly", "active", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode s = created.json();
        int id = s.get("id").asInt();
        assertThat(s.get("project_id").asInt()).isEqualTo(f.project);
        assertThat(s.get("template_id").asInt()).isEqualTo(f.template);
        assertThat(s.get("cron_format").asText()).isEqualTo("30 2 * * *");
        assertThat(s.get("active").asBoolean()).isTrue();
        assertThat(s.get("type").asText()).isEmpty();
        assertThat(s.has("run_at")).isFalse();
        assertThat(s.get("next_run_at").asText()).endsWith("T02:30:00Z"); // UTC, the default schedule.timezone
        assertThat(s.get("missed_runs").asInt()).isZero();

        JsonNode list = a.get(f.base + "/schedules").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("tpl_name").asText()).isEqualTo("ok");
        assertThat(a.get(f.base + "/schedules/" + id).json().has("tpl_name")).isFalse();
        assertThat(a.get(f.base + "/templates/" + f.template + "/schedules").json()).hasSize(1);

        assertThat(a.put(f.base + "/schedules/" + id, Map.of("template_id", f.template, "cron_format", "@hourly",
                "name", "hourly", "active", true)).status()).isEqualTo(204);
        JsonNode changed = a.get(f.base + "/schedules/" + id).json();
        assertThat(changed.get("cron_format").asText()).isEqualTo("@hourly");
        assertThat(changed.get("next_run_at").asText()).endsWith(":00:00Z");

        assertThat(a.put(f.base + "/schedules/" + id + "/active", Map.of("active", false)).status()).isEqualTo(204);
        JsonNode off = a.get(f.base + "/schedules/" + id).json();
        assertThat(off.get("active").asBoolean()).isFalse();
        assertThat(off.get("next_run_at").isNull()).isTrue();
        assertThat(a.put(f.base + "/schedules/" + id + "/active", Map.of()).status()).isEqualTo(400);

        assertThat(a.delete(f.base + "/schedules/" + id).status()).isEqualTo(204);
        assertThat(a.get(f.base + "/schedules/" + id).status()).isEqualTo(404);
        List<String> events = new ArrayList<>();
        a.get(f.base + "/events").json().forEach(e -> {
            if (e.get("object_type").asText().equals("schedule")) {
                events.add(e.get("description").asText());
            }
        });
        assertThat(events).contains("Schedule nightly created", "Schedule hourly updated", "Schedule hourly deactivated",
                "Schedule hourly deleted");
    }

    @Test
    void invalidSchedules_areRefusedSayingWhy() {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "invalid");
        Fixture other = fixture(a, "other");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "cron_format", "61 * * * *")),
                400, "61");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "cron_format", "* * * *")),
                400, "expected 5");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "cron_format", "@sometimes")),
                400, "unknown descriptor");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", other.template, "cron_format", "* * * * *")),
                400, "does not exist in this project");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "type", "run_at",
                "run_at", "2001-01-01T00:00:00Z")), 400, "not in the future");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "type", "run_at")), 400, "run_at");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "type", "weekly",
                "cron_format", "* * * * *")), 400, "type");
        assertError(a.post(f.base + "/schedules", Map.of("template_id", f.template, "cron_format", "* * * * *",
                "repository_id", 1)), 400, "repository_id");

        ApiClient.Response ok = a.post(f.base + "/schedules/validate", Map.of("cron_format", "*/5 * * * 1-5"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEmpty();
        assertError(a.post(f.base + "/schedules/validate", Map.of("cron_format", "every day")), 400, "not valid");

        JsonNode preview = a.post(f.base + "/schedules/preview", Map.of("cron_format", "0 6 * * *")).json();
        assertThat(preview.get("timezone").asText()).isEqualTo("UTC");
        assertThat(preview.get("description").asText()).isNotBlank();
        assertThat(preview.get("next_runs")).hasSize(5);
        preview.get("next_runs").forEach(t -> assertThat(t.asText()).endsWith("T06:00:00Z"));
    }

    @Test
    void aOneTimeSchedule_keepsItsRunAt() {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "once");
        JsonNode s = a.post(f.base + "/schedules", Map.of("template_id", f.template, "type", "run_at",
                "run_at", "2099-03-01T10:15:00+02:00", "active", true, "delete_after_run", true)).json();
        assertThat(s.get("run_at").asText()).isEqualTo("2099-03-01T08:15:00Z");
        assertThat(s.get("next_run_at").asText()).isEqualTo("2099-03-01T08:15:00Z");
        assertThat(s.get("cron_format").asText()).isEmpty();
        assertThat(s.get("delete_after_run").asBoolean()).isTrue();
    }

    /** A backup carries cron and one-time schedules; restoring it brings them back, active, with due times. */
    @Test
    void backupAndRestore_keepCronAndOneTimeSchedules() throws InterruptedException {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "backed-up");
        a.post(f.base + "/schedules", Map.of("template_id", f.template, "cron_format", "15 4 * * *", "name", "cron",
                "active", true));
        a.post(f.base + "/schedules", Map.of("template_id", f.template, "type", "run_at", "run_at", "2099-01-02T03:04:05Z",
                "name", "once", "active", true, "delete_after_run", true));
        JsonNode backup = a.get(f.base + "/backup").json();
        JsonNode once = null;
        for (JsonNode s : backup.get("schedules")) {
            if (s.get("name").asText().equals("once")) {
                once = s;
            }
        }
        assertThat(once).as(backup.get("schedules").toString()).isNotNull();
        assertThat(once.get("type").asText()).isEqualTo("run_at");
        assertThat(once.get("run_at").asText()).isEqualTo("2099-01-02T03:04:05Z");
        assertThat(once.get("delete_after_run").asBoolean()).isTrue();

        ((com.fasterxml.jackson.databind.node.ObjectNode) backup.get("meta")).put("name", "Restored schedules");
        ApiClient.Response restored = a.post("/api/projects/restore", backup);
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        String base = "/api/project/" + restored.json().get("id").asInt();
        long deadline = System.currentTimeMillis() + 20_000; // the poller sets due times each second
        JsonNode list = a.get(base + "/schedules").json();
        while (System.currentTimeMillis() < deadline && !allHaveDueTimes(list)) {
            Thread.sleep(500);
            list = a.get(base + "/schedules").json();
        }
        assertThat(list).hasSize(2);
        assertThat(allHaveDueTimes(list)).as(list.toString()).isTrue();
        for (JsonNode s : list) {
            if (s.get("name").asText().equals("once")) {
                assertThat(s.get("next_run_at").asText()).isEqualTo("2099-01-02T03:04:05Z");
                assertThat(s.get("delete_after_run").asBoolean()).isTrue();
            } else {
                assertThat(s.get("next_run_at").asText()).endsWith("T04:15:00Z");
            }
        }
    }

    private static boolean allHaveDueTimes(JsonNode list) {
        for (JsonNode s : list) {
            if (s.get("next_run_at").isNull()) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    /** The server's own firing, on the real clock: an "@every 1s" schedule starts tasks that carry its id. */
    @Test
    void theServerFiresActiveSchedules_andItsTasksCarryTheScheduleId() throws InterruptedException {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "firing");
        int id = a.post(f.base + "/schedules", Map.of("template_id", f.template, "cron_format", "@every 1s",
                "active", true)).json().get("id").asInt();
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode tasks = a.get(f.base + "/tasks").json();
        while (tasks.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            tasks = a.get(f.base + "/tasks").json();
        }
        assertThat(a.put(f.base + "/schedules/" + id + "/active", Map.of("active", false)).status()).isEqualTo(204);
        assertThat(tasks).as("tasks started by the schedule").isNotEmpty();
        assertThat(tasks.get(0).get("schedule_id").asInt()).isEqualTo(id);
        assertThat(tasks.get(0).get("user_id").isNull()).isTrue();
        assertThat(a.get(f.base + "/schedules/" + id).json().get("last_run_at").isNull()).isFalse();
    }

    @Test
    void aTaskRunnerMayReadSchedules_butNotChangeThem() {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "roles");
        var runner = server.newUser(false);
        assertThat(a.post(f.base + "/users", Map.of("user_id", runner.id(), "role", "task_runner")).status()).isEqualTo(204);
        assertThat(runner.client().get(f.base + "/schedules").status()).isEqualTo(200);
        assertThat(runner.client().post(f.base + "/schedules", Map.of("template_id", f.template,
                "cron_format", "* * * * *")).status()).isEqualTo(403);
    }

    static void assertError(ApiClient.Response r, int status, String says) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.body()).contains(says);
    }

    record Fixture(int project, String base, int template) {}

    /** A project with a local repository and a bash template "ok" (parallel runs allowed). */
    static Fixture fixture(ApiClient a, String name) {
        int project = createProject(a, name);
        String base = "/api/project/" + project;
        var repo = GitRepos.create(server.dir(), name + "-" + project, Map.of("ok.sh", "#!/bin/bash\necho ok\n"));
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        assertThat(a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none)).status()).isEqualTo(204);
        int repoId = a.get(base + "/repositories").json().get(0).get("id").asInt();
        ApiClient.Response t = a.post(base + "/templates", Map.of("name", "ok", "app", "bash", "playbook", "ok.sh",
                "repository_id", repoId, "allow_parallel_tasks", true));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        return new Fixture(project, base, t.json().get("id").asInt());
    }
}
