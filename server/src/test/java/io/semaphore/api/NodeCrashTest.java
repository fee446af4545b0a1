package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ChildNode;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node killed with SIGKILL while it runs a task, then started again with the same identity (its tmp_path): the
 * processes the task left running are ended and the task is failed with a reason at once (not when its lease runs
 * out), before the next task of its one-at-a-time template starts; a task another live node runs is not touched.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
@Timeout(180)
class NodeCrashTest {
    @Parameter
    DbKind db;

    @Test
    void aNodeStartedAgainAfterACrash_endsWhatItsTaskLeftRunning_beforeTheNextTaskStarts() throws Exception {
        // Unique sleep durations name this run's processes (about two months: they never end by themselves).
        long base = 5_000_000 + ProcessHandle.current().pid() * 10 + db.ordinal();
        String background = base + "1";
        String foreground = base + "2";
        String othersSleep = base + "3";
        List<ProcessHandle> started = new ArrayList<>();
        // The first node runs one task at a time: busy with the other template's task, it leaves the serial
        // template's tasks to the node that crashes, and later to the one that replaces it.
        try (TestServer first = TestServer.start(db, c -> c.put("max_parallel_tasks", 1))) {
            ApiClient a = first.admin();
            String project = project(first, a, Map.of(
                    "serial.sh", "#!/bin/bash\n"
                            + "if [ \"$1\" = \"n=1\" ]; then\n"
                            + "  echo started\n"
                            + "  sleep " + background + " &\n"
                            + "  sleep " + foreground + "\n"
                            + "  echo never\n"
                            + "else\n"
                            + "  if pgrep -f 'sleep " + base + "[12]' >/dev/null; then echo 'leftovers: running'; else echo 'leftovers: none'; fi\n"
                            + "fi\n",
                    "other.sh", "#!/bin/bash\nsleep " + othersSleep + "\n"));
            int serial = MultiNodeTaskTest.template(a, project, "serial.sh", false);
            int other = MultiNodeTaskTest.template(a, project, "other.sh", true);
            long othersTask = a.post(project + "/tasks", Map.of("template_id", other)).json().get("id").asLong();
            started.add(awaitProcess(othersSleep));

            Path crashedDir = Files.createTempDirectory("semaphore-crashed-");
            Path tmp = crashedDir.resolve("tmp");
            Path config = first.nodeConfig(crashedDir, c -> c.put("max_parallel_tasks", 2));
            long crashedTask;
            long waitingTask;
            try (ChildNode crashing = ChildNode.start(config, crashedDir.resolve("node.log"))) {
                crashedTask = a.post(project + "/tasks", Map.of("template_id", serial,
                        "environment", "{\"n\": \"1\"}")).json().get("id").asLong();
                started.add(awaitProcess(background));
                started.add(awaitProcess(foreground));
                // the processes run before the task's row says running (it is stored just after they start)
                assertThat(awaitStatus(a, project, crashedTask, "running")).isEqualTo("running");
                assertThat(nodeOf(first, crashedTask)).isEqualTo(Files.readString(tmp.resolve("node-id")).strip());
                waitingTask = a.post(project + "/tasks", Map.of("template_id", serial,
                        "environment", "{\"n\": \"2\"}")).json().get("id").asLong();
                Thread.sleep(1500); // a lease renewal or two: the waiting task stays waiting
                assertThat(status(a, project, waitingTask)).isEqualTo("waiting");

                crashing.kill();
            }
            assertThat(started).as("the task's processes outlive the killed node").allMatch(ProcessHandle::isAlive);

            try (TestServer again = first.startNode(c -> c.put("tmp_path", tmp.toString()).put("max_parallel_tasks", 2))) {
                // Done while the node started: no waiting for the lease (30 s).
                assertThat(again.engine().scheduler().nodeId()).isEqualTo(nodeOf(first, crashedTask));
                assertThat(started.subList(1, 3)).as("the crashed task's sleeps").noneMatch(ProcessHandle::isAlive);
                JsonNode failed = a.get(project + "/tasks/" + crashedTask).json();
                assertThat(failed.get("status").asText()).isEqualTo("error");
                assertThat(output(a, project, crashedTask)).contains("started").doesNotContain("never")
                        .anyMatch(l -> l.startsWith("Task failed: the server running it stopped or crashed (status was running)")
                                && l.endsWith("of its processes were still running and were ended"));

                JsonNode next = MultiNodeTaskTest.await(a, project, waitingTask);
                assertThat(next.get("status").asText()).isEqualTo("success");
                assertThat(output(a, project, waitingTask)).contains("leftovers: none");
                assertThat(Instant.parse(next.get("start").asText())).isAfterOrEqualTo(Instant.parse(failed.get("end").asText()));

                assertThat(started.getFirst()).as("the other node's task's process").matches(ProcessHandle::isAlive);
                assertThat(status(a, project, othersTask)).isEqualTo("running");
                assertThat(a.post(project + "/tasks/" + othersTask + "/stop", Map.of()).status()).isEqualTo(204);
                assertThat(MultiNodeTaskTest.await(a, project, othersTask).get("status").asText()).isEqualTo("stopped");
            }
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A project whose repository holds {@code files}; returns its API path. */
    private static String project(TestServer server, ApiClient a, Map<String, String> files) {
        int p = a.post("/api/projects", Map.of("name", "crash")).json().get("id").asInt();
        String base = "/api/project/" + p;
        Path repo = GitRepos.create(server.dir(), "crash-" + p, files);
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        return base;
    }

    /** The task's status once it is {@code wanted}, or what it is after 10 s. */
    private static String awaitStatus(ApiClient a, String project, long task, String wanted) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        String now = status(a, project, task);
        while (!now.equals(wanted) && System.nanoTime() < until) {
            Thread.sleep(50);
            now = status(a, project, task);
        }
        return now;
    }

    private static String status(ApiClient a, String project, long task) {
        return a.get(project + "/tasks/" + task).json().get("status").asText();
    }

    private static String nodeOf(TestServer server, long task) {
        return server.services().db().read(h -> h.createQuery("SELECT node_id FROM task WHERE id = :id")
                .bind("id", task).mapTo(String.class).one());
    }

    private static List<String> output(ApiClient a, String project, long task) {
        List<String> lines = new ArrayList<>();
        a.get(project + "/tasks/" + task + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        return lines;
    }

    /** The process {@code sleep <seconds>} of this test. */
    private static ProcessHandle awaitProcess(String seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<ProcessHandle> found = ProcessHandle.allProcesses()
                    .filter(h -> h.info().arguments().map(args -> args.length == 1 && args[0].equals(seconds)).orElse(false))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no process sleep " + seconds);
    }
}
