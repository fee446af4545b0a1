package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two server nodes on one database, as several Semaphore servers behind a load balancer: each node runs queued
 * tasks, none runs twice, each keeps its own {@code max_parallel_tasks}, and a stop asked on one node ends a task
 * running on the other.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class MultiNodeTaskTest {
    static final int PER_NODE = 2;

    @Parameter
    DbKind db;

    static TestServer first;
    static TestServer second;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        first = TestServer.start(db, c -> c.put("max_parallel_tasks", PER_NODE));
        second = first.startNode(c -> c.put("max_parallel_tasks", PER_NODE));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void queuedTasks_runOnBothNodes_eachExactlyOnce_withinEachNodesLimit() throws Exception {
        ApiClient a = first.admin();
        Path runs = first.dir().resolve("runs-" + db + ".txt");
        Files.writeString(runs, "");
        // Each run appends "<n> start" and "<n> end" (O_APPEND writes of a line are atomic).
        String base = project(a, "nodes", Map.of("run.sh", "#!/bin/bash\necho \"$1 start\" >> " + runs
                + "\nsleep 0.3\necho \"$1 end\" >> " + runs + "\n"));
        int tpl = template(a, base, "run.sh", true);
        int count = 16;
        runAll(a, base, tpl, count);

        List<String> lines = Files.readAllLines(runs);
        for (int i = 1; i <= count; i++) {
            String n = "n=" + i;
            assertThat(lines).as("runs of task %d", i).filteredOn(l -> l.equals(n + " start")).hasSize(1);
        }
        // Never more than PER_NODE at a time on each node, so never more than 2 * PER_NODE in all.
        assertThat(mostAtOnce(lines)).isLessThanOrEqualTo(2 * PER_NODE);
        List<String> nodes = first.services().db().read(h -> h.createQuery(
                "SELECT DISTINCT node_id FROM task WHERE template_id = :t").bind("t", tpl).mapTo(String.class).list());
        assertThat(Set.copyOf(nodes)).as("nodes that ran tasks")
                .containsExactlyInAnyOrder(first.engine().scheduler().nodeId(), second.engine().scheduler().nodeId());
    }

    /** Both nodes look at the queue whenever they like; the template's limit holds across them. */
    @Test
    void aTemplateWithoutParallelRuns_runsOneTaskAtATime_acrossNodes() throws Exception {
        ApiClient a = first.admin();
        Path runs = first.dir().resolve("serial-" + db + ".txt");
        Files.writeString(runs, "");
        String base = project(a, "serial", Map.of("one.sh", "#!/bin/bash\necho \"$1 start\" >> " + runs
                + "\nsleep 0.1\necho \"$1 end\" >> " + runs + "\n"));
        int tpl = template(a, base, "one.sh", false);
        runAll(a, base, tpl, 12);
        List<String> lines = Files.readAllLines(runs);
        assertThat(lines).hasSize(24);
        assertThat(mostAtOnce(lines)).isEqualTo(1);
    }

    /**
     * A browser's socket may be on either node: viewers on both see every line, in order, and the final status,
     * whichever node runs the task; a task shorter than the other node's look at the queue included.
     */
    @Test
    void liveViewersOnEitherNode_receiveEveryLineInOrder_andTheFinalStatus() throws Exception {
        ApiClient a = first.admin();
        ApiClient b = second.admin();
        String base = project(a, "live", Map.of(
                "slow.sh", "#!/bin/bash\nfor i in $(seq 1 40); do echo \"live $i\"; sleep 0.02; done\n",
                "quick.sh", "#!/bin/bash\nfor i in $(seq 1 5); do echo \"live $i\"; done\n"));
        int slow = template(a, base, "slow.sh", true);
        int quick = template(a, base, "quick.sh", true);
        var onFirst = new LiveSocketTest.Collector();
        var onSecond = new LiveSocketTest.Collector();
        var wsA = LiveSocketTest.connect(first, a, onFirst);
        var wsB = LiveSocketTest.connect(second, b, onSecond);
        try {
            long slowId = a.post(base + "/tasks", Map.of("template_id", slow)).json().get("id").asLong();
            long quickId = b.post(base + "/tasks", Map.of("template_id", quick)).json().get("id").asLong();
            for (var viewer : List.of(onFirst, onSecond)) {
                assertLive(viewer, slowId, 40);
                assertLive(viewer, quickId, 5);
            }
        } finally {
            wsA.abort();
            wsB.abort();
        }
    }

    /**
     * A remote runner's task has no node: its pushes may reach either node (behind one address), each stored where
     * it lands. Viewers on both nodes get every line once, in order, and each status once, the end after the last
     * line, whether the pushes alternate quickly or slowly between the nodes.
     */
    @Test
    void aRunnersTask_whosePushesReachBothNodes_isLiveOnBoth_inOrder_once() throws Exception {
        ApiClient a = first.admin();
        ApiClient b = second.admin();
        String base = project(a, "runner-live", Map.of("x.sh", "#!/bin/bash\n"));
        int repo = a.get(base + "/repositories").json().get(0).get("id").asInt();
        String tag = "both-" + db;
        ApiClient.Response created = a.post(base + "/templates", Map.of("name", "remote", "app", "bash", "playbook",
                "x.sh", "repository_id", repo, "runner_tag", tag));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int tpl = created.json().get("id").asInt();
        var runner = first.services().runners().create(null, io.semaphore.runner.RunnerRequest.of(tag, "", 0, true, tag));
        var viaFirst = new io.semaphore.runner.agent.RunnerClient(first.baseUrl(), runner.token(), java.time.Duration.ofSeconds(10));
        var viaSecond = new io.semaphore.runner.agent.RunnerClient(second.baseUrl(), runner.token(), java.time.Duration.ofSeconds(10));
        var onFirst = new LiveSocketTest.Collector();
        var onSecond = new LiveSocketTest.Collector();
        var wsA = LiveSocketTest.connect(first, a, onFirst);
        var wsB = LiveSocketTest.connect(second, b, onSecond);
        try {
            long id = b.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
            long deadline = System.currentTimeMillis() + 20_000;
            while (viaSecond.poll().newJobs().stream().noneMatch(j -> j.path("task").path("id").asLong() == id)) {
                assertThat(System.currentTimeMillis()).as("the runner takes task %d", id).isLessThan(deadline);
                Thread.sleep(100);
            }
            int n = 0;
            for (int push = 0; push < 12; push++) {
                List<io.semaphore.runner.RunnerProtocol.LogRecord> records = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    n++;
                    records.add(new io.semaphore.runner.RunnerProtocol.LogRecord(java.time.Instant.now(), "live " + n, (long) n));
                }
                var client = push % 2 == 0 ? viaFirst : viaSecond;
                client.progress(new io.semaphore.runner.RunnerProtocol.Progress(List.of(
                        new io.semaphore.runner.RunnerProtocol.JobProgress(id, push == 11 ? "success" : "running", records, null))));
                if (push >= 6) {
                    Thread.sleep(700); // slower than the feed's look: pushes reach a node that already follows the task
                }
            }
            assertThat(await(a, base, id).get("status").asText()).isEqualTo("success");
            for (var viewer : List.of(onFirst, onSecond)) {
                assertLive(viewer, id, n);
                List<String> updates = viewer.messages.stream().filter(m -> m.path("task_id").asLong() == id
                        && m.path("type").asText().equals("update")).map(m -> m.path("status").asText()).toList();
                assertThat(updates).as("status updates of task %d", id).doesNotHaveDuplicates().endsWith("success")
                        .contains("running");
            }
        } finally {
            wsA.abort();
            wsB.abort();
        }
    }

    /** The viewer got "live 1" .. "live n" of the task in order, and its "success" update after the last line. */
    static void assertLive(LiveSocketTest.Collector viewer, long task, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && viewer.messages.stream().noneMatch(m -> m.path("task_id").asLong() == task
                && m.path("type").asText().equals("update") && m.path("status").asText().equals("success"))) {
            Thread.sleep(50);
        }
        List<JsonNode> mine = viewer.messages.stream().filter(m -> m.path("task_id").asLong() == task).toList();
        List<String> lines = mine.stream().filter(m -> m.path("type").asText().equals("log"))
                .map(m -> m.path("output").asText()).filter(l -> l.startsWith("live ")).toList();
        assertThat(lines).as("lines of task %d", task).isEqualTo(
                java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "live " + i).toList());
        List<String> kinds = mine.stream().map(m -> m.path("type").asText() + ":" + m.path("status").asText("")).toList();
        assertThat(kinds.lastIndexOf("update:success")).as("final status after the last line of task %d", task)
                .isGreaterThan(kinds.lastIndexOf("log:"));
    }

    @Test
    void aStopAskedOnOneNode_endsTheTaskRunningOnTheOther() throws Exception {
        ApiClient a = first.admin();
        ApiClient b = second.admin();
        String base = project(a, "stop", Map.of("long.sh", "#!/bin/bash\necho started\nsleep 60 & wait\necho never\n"));
        int tpl = template(a, base, "long.sh", false);
        long id = a.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
        ApiClient other = otherNode(id, a, b, () -> true); // ask the node that does NOT run it
        assertThat(other.post(base + "/tasks/" + id + "/stop", Map.of()).status()).isEqualTo(204);
        JsonNode t = await(other, base, id);
        assertThat(t.get("status").asText()).isEqualTo("stopped");
        List<String> output = new ArrayList<>();
        a.get(base + "/tasks/" + id + "/output").json().forEach(l -> output.add(l.get("output").asText()));
        assertThat(output).contains("started").doesNotContain("never");
    }

    @Test
    void aForceStopAskedOnOneNode_killsTheProcessesOnTheNodeRunningIt() throws Exception {
        ApiClient a = first.admin();
        ApiClient b = second.admin();
        // The script stands for a process that ignores a polite stop: only a forced one ends it.
        String base = project(a, "force", Map.of("stubborn.sh",
                "#!/bin/bash\ntrap '' TERM\necho \"pid $$\"\nwhile true; do sleep 0.2; done\n"));
        int tpl = template(a, base, "stubborn.sh", false);
        long id = a.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
        long[] pid = {0};
        ApiClient other = otherNode(id, a, b, () -> {
            for (JsonNode l : a.get(base + "/tasks/" + id + "/output").json()) {
                if (l.get("output").asText().startsWith("pid ")) {
                    pid[0] = Long.parseLong(l.get("output").asText().substring(4).trim());
                }
            }
            return pid[0] > 0; // the script's pid is in its log
        });
        ProcessHandle script = ProcessHandle.of(pid[0]).orElseThrow();
        assertThat(other.post(base + "/tasks/" + id + "/stop", Map.of("force", true)).status()).isEqualTo(204);
        JsonNode t = await(other, base, id);
        assertThat(t.get("status").asText()).isEqualTo("stopped");
        assertThat(script.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive())
                .as("the script, killed by the node running it").isFalse();
        List<String> output = new ArrayList<>();
        a.get(base + "/tasks/" + id + "/output").json().forEach(l -> output.add(l.get("output").asText()));
        assertThat(output).anyMatch(l -> l.startsWith("Task force-stopped by "));
    }

    /**
     * Waits until task {@code id} runs on a node and {@code ready} holds; returns the client ({@code a} of the first
     * node, {@code b} of the second) of the node that does NOT run it.
     */
    ApiClient otherNode(long id, ApiClient a, ApiClient b, java.util.function.BooleanSupplier ready) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String node = null;
        while (System.currentTimeMillis() < deadline) {
            node = first.services().db().read(h -> h.createQuery("SELECT node_id FROM task WHERE id = :id AND status = 'running'")
                    .bind("id", id).mapTo(String.class).findOne().orElse(null));
            if (node != null && ready.getAsBoolean()) {
                return node.equals(first.engine().scheduler().nodeId()) ? b : a;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + id + " not running on a node (and ready) within 30 s; node: " + node);
    }

    /** Queues {@code count} tasks at once, the n-th with extra var n=<n>, and waits until all succeeded. */
    static void runAll(ApiClient a, String base, int tpl, int count) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(a.post(base + "/tasks", Map.of("template_id", tpl, "environment", "{\"n\": \"" + i + "\"}"))
                    .json().get("id").asLong());
        }
        for (long id : ids) {
            assertThat(await(a, base, id).get("status").asText()).as("task %d", id).isEqualTo("success");
        }
    }

    /** The most runs in progress at once, from the "<n> start" / "<n> end" lines the scripts append. */
    static int mostAtOnce(List<String> lines) {
        int active = 0;
        int most = 0;
        for (String l : lines) {
            active += l.endsWith(" start") ? 1 : -1;
            most = Math.max(most, active);
        }
        return most;
    }

    static String project(ApiClient a, String name, Map<String, String> files) {
        int p = a.post("/api/projects", Map.of("name", name)).json().get("id").asInt();
        String base = "/api/project/" + p;
        Path repo = GitRepos.create(first.dir(), name + "-" + p, files);
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", none));
        return base;
    }

    static int template(ApiClient a, String base, String script, boolean parallel) {
        int repo = a.get(base + "/repositories").json().get(0).get("id").asInt();
        ApiClient.Response r = a.post(base + "/templates", Map.of("name", script, "app", "bash", "playbook", script,
                "repository_id", repo, "allow_parallel_tasks", parallel));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    static JsonNode await(ApiClient c, String base, long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode t = null;
        while (System.currentTimeMillis() < deadline) {
            t = c.get(base + "/tasks/" + id).json();
            if (Set.of("success", "error", "stopped").contains(t.get("status").asText())) {
                return t;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " did not finish; last: " + t);
    }
}
