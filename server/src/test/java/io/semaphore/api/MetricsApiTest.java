package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /api/metrics}: who may read it, and the figures after real tasks ran. */
@ServerOnEachDatabase.Config(MetricsApiTest.WithToken.class)
class MetricsApiTest extends ServerOnEachDatabase {
    static final String TOKEN = "scrape-token-for-tests-0123456789";

    static final class WithToken implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode c) {
            c.put("metrics_token", TOKEN);
            c.put("max_parallel_tasks", 4);
        }
    }

    @Test
    void onlyAdministrators_orTheMetricsToken_readMetrics() {
        ApiClient.Response anonymous = server.anonymous().get("/api/metrics");
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.error()).contains("metrics_token");
        assertThat(server.anonymous().withBearer("wrong-token").get("/api/metrics").status()).isEqualTo(401);

        TestServer.NewUser user = server.newUser(false);
        ApiClient.Response notAdmin = user.client().get("/api/metrics");
        assertThat(notAdmin.status()).as(notAdmin.body()).isEqualTo(403);

        ApiClient.Response admin = server.admin().get("/api/metrics");
        assertThat(admin.status()).as(admin.body()).isEqualTo(200);
        assertThat(admin.header("Content-Type")).startsWith("text/plain");
        assertThat(admin.body()).contains("# TYPE semaphore_tasks_running gauge");

        ApiClient.Response token = server.anonymous().withBearer(TOKEN).get("/api/metrics");
        assertThat(token.status()).as(token.body()).isEqualTo(200);
    }

    @Test
    void figures_afterAFewTasks() {
        ApiClient admin = server.admin();
        ApiClient scraper = server.anonymous().withBearer(TOKEN);
        String before = scraper.get("/api/metrics").body();

        int project = createProject(admin, "Metrics");
        String base = "/api/project/" + project;
        Path repo = GitRepos.create(server.dir(), "metrics-" + project, Map.of(
                "ten.sh", "#!/bin/bash\nfor i in $(seq 1 10); do echo \"line $i\"; done\n",
                "fail.sh", "#!/bin/bash\necho failing\nexit 2\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        assertThat(admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(),
                "git_branch", "main", "ssh_key_id", none)).status()).isBetween(200, 204);
        int repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int ten = template(admin, base, "ten", "ten.sh", repository);
        int fail = template(admin, base, "fail", "fail.sh", repository);

        for (int tpl : new int[] {ten, ten, fail}) {
            long id = admin.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
            await(admin, base, id);
        }
        String after = scraper.get("/api/metrics").body();

        String success = "semaphore_tasks_total{app=\"bash\",status=\"success\"}";
        String error = "semaphore_tasks_total{app=\"bash\",status=\"error\"}";
        assertThat(value(after, success) - value(before, success)).isEqualTo(2.0);
        assertThat(value(after, error) - value(before, error)).isEqualTo(1.0);
        String duration = "semaphore_task_duration_seconds_count{app=\"bash\",status=\"success\"}";
        assertThat(value(after, duration) - value(before, duration)).isEqualTo(2.0);
        assertThat(value(after, "semaphore_task_duration_seconds_sum{app=\"bash\",status=\"success\"}"))
                .isGreaterThan(0.0);
        assertThat(value(after, "semaphore_task_queue_wait_seconds_count{app=\"bash\"}")
                - value(before, "semaphore_task_queue_wait_seconds_count{app=\"bash\"}")).isEqualTo(3.0);
        // 10 lines each from the script, plus the engine's own lines (checkout, exit status, ...)
        assertThat(value(after, "semaphore_task_log_lines_total") - value(before, "semaphore_task_log_lines_total"))
                .isGreaterThanOrEqualTo(21.0);
        assertThat(value(after, "semaphore_task_queue_length")).isEqualTo(0.0);
        assertThat(value(after, "semaphore_tasks_running")).isEqualTo(0.0);
        assertThat(value(after, "semaphore_live_viewers")).isEqualTo(0.0);
        // HTTP latency by route template, never by raw path
        assertThat(value(after, "semaphore_http_requests_seconds_count{method=\"POST\",route=\"/api/project/{project_id}/tasks\",status=\"201\"}"))
                .isGreaterThanOrEqualTo(3.0);
        assertThat(after).doesNotContain("route=\"/api/project/" + project);
        assertThat(after).contains("semaphore_http_requests_seconds_bucket{");
        // the pool and the JVM
        assertThat(after).contains("hikaricp_connections_active{", "hikaricp_connections_max{",
                "jvm_memory_used_bytes{", "jvm_gc_", "process_uptime_seconds");
    }

    @Test
    void waitingTasks_showInTheQueueGauges() {
        ApiClient admin = server.admin();
        int project = createProject(admin, "Queue");
        String base = "/api/project/" + project;
        Path repo = GitRepos.create(server.dir(), "queue-" + project, Map.of("slow.sh", "#!/bin/bash\nsleep 30 & wait\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int slow = template(admin, base, "slow", "slow.sh", repository); // one at a time: the second one waits
        long first = admin.post(base + "/tasks", Map.of("template_id", slow)).json().get("id").asLong();
        long second = admin.post(base + "/tasks", Map.of("template_id", slow)).json().get("id").asLong();
        try {
            Instant deadline = Instant.now().plusSeconds(30);
            String text = "";
            while (Instant.now().isBefore(deadline)) {
                text = server.admin().get("/api/metrics").body();
                if (value(text, "semaphore_tasks_running") == 1.0) {
                    break;
                }
                sleep(100);
            }
            assertThat(value(text, "semaphore_tasks_running")).isEqualTo(1.0);
            assertThat(value(text, "semaphore_task_queue_length")).isEqualTo(1.0);
            assertThat(value(text, "semaphore_tasks_unfinished{app=\"bash\",status=\"waiting\"}")).isEqualTo(1.0);
            assertThat(value(text, "semaphore_tasks_unfinished{app=\"bash\",status=\"running\"}")).isEqualTo(1.0);
            assertThat(value(text, "semaphore_task_queue_oldest_wait_seconds")).isGreaterThanOrEqualTo(0.0);
        } finally {
            admin.post(base + "/tasks/" + second + "/stop", Map.of());
            admin.post(base + "/tasks/" + first + "/stop", Map.of("force", true));
            await(admin, base, first);
            await(admin, base, second);
        }
    }

    private static int template(ApiClient admin, String base, String name, String script, int repository) {
        ApiClient.Response r = admin.post(base + "/templates", Map.of("name", name, "app", "bash", "playbook", script,
                "repository_id", repository));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    private static void await(ApiClient admin, String base, long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode t = admin.get(base + "/tasks/" + id).json();
            String s = t.get("status").asText();
            if (s.equals("success") || s.equals("error") || s.equals("stopped")) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("task " + id + " did not finish");
    }

    /** The sample's value; 0 when the series is absent (a counter not incremented yet). */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
