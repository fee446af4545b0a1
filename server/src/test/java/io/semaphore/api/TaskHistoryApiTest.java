package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The history of a project's tasks (ours): who stopped a task (stored and in its log), the filters and pages of
 * {@code GET /tasks}, and a template's figures ({@code run_stats}); real tasks on each database.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskHistoryApiTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static ApiClient admin;
    static String adminName;

    int project;
    String base;
    int repository;
    TestServer.NewUser runner;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db, c -> c.put("max_parallel_tasks", 4));
        admin = server.admin();
        adminName = admin.get("/api/user").json().get("name").asText();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @BeforeEach
    void project() {
        project = admin.post("/api/projects", Map.of("name", "History")).json().get("id").asInt();
        base = "/api/project/" + project;
        Path repoDir = GitRepos.create(server.dir(), "history-" + project, Map.of(
                "ok.sh", "#!/bin/bash\necho fine\n",
                "fail.sh", "#!/bin/bash\necho about to fail\nexit 3\n",
                "slow.sh", "#!/bin/bash\necho started\nsleep 60 & wait\necho never\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        ApiClient.Response r = admin.post(base + "/repositories", Map.of("name", "scripts", "git_url", repoDir.toString(),
                "git_branch", "main", "ssh_key_id", none));
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
        repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        runner = server.newUser(false);
        assertThat(admin.post(base + "/users", Map.of("user_id", runner.id(), "role", "task_runner")).status())
                .isBetween(200, 204);
    }

    @Test
    void stopByAPerson_isStoredWithTheTask_andWrittenInItsLog() {
        int slow = template("slow", "slow.sh", Map.of("allow_parallel_tasks", true));
        long a = run(admin, slow).get("id").asLong();
        long b = run(admin, slow).get("id").asLong();
        awaitLine(a, "started");
        awaitLine(b, "started");
        assertThat(runner.client().post(base + "/tasks/" + a + "/stop", Map.of("force", false)).status()).isEqualTo(204);
        assertThat(admin.post(base + "/tasks/" + b + "/stop", Map.of("force", true)).status()).isEqualTo(204);

        JsonNode stopped = await(a, TaskHistoryApiTest::finished);
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(stopped.get("stopped_by").asInt()).isEqualTo(runner.id());
        assertThat(stopped.get("stopped_by_name").asText()).isEqualTo("User " + runner.login());
        assertThat(output(a)).contains("Task stopped by User " + runner.login());

        JsonNode forced = await(b, TaskHistoryApiTest::finished);
        assertThat(forced.get("stopped_by_name").asText()).isEqualTo(adminName);
        List<String> lines = output(b);
        assertThat(lines).contains("Task force-stopped by " + adminName);
        // said before the run's last line, in the order it happened
        assertThat(lines.indexOf("Task force-stopped by " + adminName)).isLessThan(lines.size() - 1);
        // the lists carry it too
        assertThat(find(admin.get(base + "/tasks").json(), a).get("stopped_by").asInt()).isEqualTo(runner.id());

        long done = run(admin, template("ok", "ok.sh", Map.of())).get("id").asLong();
        JsonNode ended = await(done, TaskHistoryApiTest::finished);
        assertThat(ended.get("stopped_by").isNull()).as(ended.toString()).isTrue();
        assertThat(ended.get("stopped_by_name").isNull()).isTrue();
    }

    @Test
    void stopWhileWaiting_recordsWhoAndSaysItNeverStarted() {
        int slow = template("serial", "slow.sh", Map.of());
        long first = run(admin, slow).get("id").asLong();
        awaitLine(first, "started");
        long waiting = run(admin, slow).get("id").asLong();
        long third = run(admin, slow).get("id").asLong();
        assertThat(admin.get(base + "/tasks/" + waiting).json().get("status").asText()).isEqualTo("waiting");
        assertThat(runner.client().post(base + "/tasks/" + waiting + "/stop", Map.of()).status()).isEqualTo(204);
        JsonNode t = admin.get(base + "/tasks/" + waiting).json();
        assertThat(t.get("status").asText()).isEqualTo("stopped");
        assertThat(t.get("stopped_by").asInt()).isEqualTo(runner.id());
        assertThat(output(waiting)).containsExactly("Task stopped by User " + runner.login() + " before it started");

        // stopping every waiting task at once records who asked, for each
        ApiClient.Response all = runner.client().post(base + "/templates/" + slow + "/tasks/stop_waiting", Map.of());
        assertThat(all.json().get("stopped").asInt()).isEqualTo(1);
        assertThat(admin.get(base + "/tasks/" + third).json().get("stopped_by").asInt()).isEqualTo(runner.id());
        assertThat(output(third)).containsExactly("Task stopped by User " + runner.login() + " before it started");

        admin.post(base + "/tasks/" + first + "/stop", Map.of("force", true));
        await(first, TaskHistoryApiTest::finished);
    }

    @Test
    void list_filtersByStatusTemplateUserAndTime_inPages() {
        int ok = template("ok", "ok.sh", Map.of("allow_parallel_tasks", true));
        int fail = template("fail", "fail.sh", Map.of());
        long t1 = run(admin, ok).get("id").asLong();
        long t2 = run(admin, fail).get("id").asLong();
        long t3 = run(runner.client(), ok).get("id").asLong();
        long t4 = run(admin, ok).get("id").asLong();
        for (long id : List.of(t1, t2, t3, t4)) {
            await(id, TaskHistoryApiTest::finished);
        }
        ApiClient.Response plain = admin.get(base + "/tasks");
        assertThat(ids(plain.json())).containsExactly(t4, t3, t2, t1); // Semaphore's answer, unchanged
        assertThat(plain.header("X-Total-Count")).isNull();

        assertThat(ids(page("status=success"))).containsExactly(t4, t3, t1);
        assertThat(ids(page("status=error"))).containsExactly(t2);
        assertThat(ids(page("status=success,error"))).containsExactly(t4, t3, t2, t1);
        assertThat(ids(page("status=running"))).isEmpty();
        assertThat(ids(page("template_id=" + fail))).containsExactly(t2);
        assertThat(ids(page("user_id=" + runner.id()))).containsExactly(t3);
        assertThat(ids(page("template_id=" + ok + "&user_id=" + runner.id() + "&status=success"))).containsExactly(t3);

        ApiClient.Response first = admin.get(base + "/tasks?limit=2");
        assertThat(ids(first.json())).containsExactly(t4, t3);
        assertThat(first.header("X-Total-Count")).isEqualTo("4");
        ApiClient.Response second = admin.get(base + "/tasks?limit=2&offset=2");
        assertThat(ids(second.json())).containsExactly(t2, t1);
        assertThat(second.header("X-Total-Count")).isEqualTo("4");
        assertThat(admin.get(base + "/tasks?status=success&limit=1").header("X-Total-Count")).isEqualTo("3");

        String created3 = admin.get(base + "/tasks/" + t3).json().get("created").asText();
        assertThat(ids(page("from=" + created3))).containsExactly(t4, t3);
        assertThat(ids(page("to=" + created3))).containsExactly(t2, t1);
        String today = Instant.now().toString().substring(0, 10);
        assertThat(ids(page("from=" + today + "&to=" + today))).hasSize(4);
        assertThat(ids(page("to=2000-01-01"))).isEmpty();
        assertThat(ids(page("from=" + Instant.now().plus(Duration.ofDays(2)).toString().substring(0, 10)))).isEmpty();

        assertThat(bad("status=finished").error()).contains("unknown status 'finished'").contains("success");
        assertThat(bad("template_id=abc").error()).contains("template_id");
        assertThat(bad("user_id=-1").error()).contains("user_id");
        assertThat(bad("from=2024-13-01").error()).contains("2024-05-01");
        assertThat(bad("from=2024-05-02&to=2024-05-01").error()).contains("after");
        assertThat(bad("limit=0").error()).contains("limit");
        assertThat(bad("offset=x").error()).contains("offset");
        ApiClient.Response missing = admin.get(base + "/tasks?template_id=999999");
        assertThat(missing.status()).as(missing.body()).isEqualTo(404);
        assertThat(missing.error()).contains("999999");
    }

    @Test
    void runStats_countOutcomes_andTimeTheLastRuns() {
        int ok = template("ok", "ok.sh", Map.of("allow_parallel_tasks", true));
        int fail = template("fail", "fail.sh", Map.of());
        int never = template("never", "ok.sh", Map.of());
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(run(admin, ok).get("id").asLong());
        }
        long failed = run(admin, fail).get("id").asLong();
        List<JsonNode> done = new ArrayList<>();
        for (long id : runs) {
            done.add(await(id, TaskHistoryApiTest::finished));
        }
        await(failed, TaskHistoryApiTest::finished);

        JsonNode s = admin.get(base + "/templates/" + ok + "/run_stats").json();
        assertThat(s.get("template_id").asInt()).isEqualTo(ok);
        assertThat(s.get("runs").asLong()).isEqualTo(3);
        assertThat(s.get("finished").asLong()).isEqualTo(3);
        assertThat(s.get("success").asLong()).isEqualTo(3);
        assertThat(s.get("failed").asLong()).isZero();
        assertThat(s.get("success_rate").asDouble()).isEqualTo(1.0);
        JsonNode recent = s.get("recent");
        assertThat(recent).hasSize(3);
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode r = recent.get(i);
            JsonNode task = done.get(i);
            assertThat(r.get("task_id").asLong()).isEqualTo(runs.get(i)); // oldest first
            assertThat(r.get("status").asText()).isEqualTo("success");
            double expected = Duration.between(Instant.parse(task.get("start").asText()),
                    Instant.parse(task.get("end").asText())).toNanos() / 1e9;
            assertThat(r.get("duration_sec").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.002));
            sum += expected;
        }
        assertThat(s.get("average_duration_sec").asDouble()).isCloseTo(sum / 3, org.assertj.core.data.Offset.offset(0.002));

        JsonNode f = admin.get(base + "/templates/" + fail + "/run_stats").json();
        assertThat(f.get("failed").asLong()).isEqualTo(1);
        assertThat(f.get("success_rate").asDouble()).isZero();

        JsonNode n = admin.get(base + "/templates/" + never + "/run_stats").json();
        assertThat(n.get("runs").asLong()).isZero();
        assertThat(n.get("success_rate").isNull()).isTrue();
        assertThat(n.get("average_duration_sec").isNull()).isTrue();
        assertThat(n.get("recent")).isEmpty();

        ApiClient.Response missing = admin.get(base + "/templates/999999/run_stats");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("999999");
        assertThat(runner.client().get(base + "/templates/" + ok + "/run_stats").status()).isEqualTo(200);
    }

    int template(String name, String script, Map<String, Object> extra) {
        Map<String, Object> t = new HashMap<>(Map.of("name", name, "app", "bash", "playbook", script,
                "repository_id", repository));
        t.putAll(extra);
        ApiClient.Response r = admin.post(base + "/templates", t);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    JsonNode run(ApiClient as, int templateId) {
        ApiClient.Response r = as.post(base + "/tasks", Map.of("template_id", templateId));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode page(String query) {
        ApiClient.Response r = admin.get(base + "/tasks?" + query);
        assertThat(r.status()).as(query + ": " + r.body()).isEqualTo(200);
        assertThat(r.header("X-Total-Count")).as(query).isEqualTo(Integer.toString(r.json().size()));
        return r.json();
    }

    ApiClient.Response bad(String query) {
        ApiClient.Response r = admin.get(base + "/tasks?" + query);
        assertThat(r.status()).as(query + ": " + r.body()).isEqualTo(400);
        return r;
    }

    static List<Long> ids(JsonNode tasks) {
        List<Long> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.get("id").asLong()));
        return out;
    }

    static JsonNode find(JsonNode tasks, long id) {
        for (JsonNode t : tasks) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in " + tasks);
    }

    JsonNode await(long taskId, Predicate<String> status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode t = null;
        while (Instant.now().isBefore(deadline)) {
            t = admin.get(base + "/tasks/" + taskId).json();
            if (status.test(t.get("status").asText())) {
                return t;
            }
            sleep(100);
        }
        throw new AssertionError("task " + taskId + " did not reach the status; last: " + t + "\n" + output(taskId));
    }

    void awaitLine(long taskId, String line) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (output(taskId).contains(line)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("task " + taskId + " never wrote " + line + ": " + output(taskId));
    }

    List<String> output(long taskId) {
        List<String> lines = new ArrayList<>();
        admin.get(base + "/tasks/" + taskId + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        return lines;
    }

    static boolean finished(String s) {
        return s.equals("success") || s.equals("error") || s.equals("stopped");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
