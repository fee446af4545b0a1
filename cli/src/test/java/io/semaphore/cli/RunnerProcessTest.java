package io.semaphore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.task.log.TaskOutput;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code semaphore runner register} against a running server, then {@code semaphore runner start}
 * as a separate JVM that takes a task, runs it and reports it; killed with SIGKILL mid-task, its task fails saying
 * that runner went silent; {@code runner unregister} deletes it.
 */
class RunnerProcessTest {
    @TempDir
    Path dir;

    @Test
    void registerStartKillUnregister() throws Exception {
        try (TestServer server = TestServer.start(DbKind.SQLITE, c -> c.put("runner_registration_token", "reg-1")
                .put("use_remote_runner", true))) {
            ApiClient a = server.admin();
            int project = a.post("/api/projects", Map.of("name", "proc")).json().get("id").asInt();
            String base = "/api/project/" + project;
            var repo = GitRepos.create(server.dir(), "proc", Map.of(
                    "hello.sh", "#!/bin/bash\necho \"hello from the runner process\"\n",
                    "long.sh", "#!/bin/bash\necho started\nsleep 120\n"));
            int none = a.get(base + "/keys").json().get(0).get("id").asInt();
            a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                    "ssh_key_id", none));
            int repoId = a.get(base + "/repositories").json().get(0).get("id").asInt();
            int hello = template(server, project, repoId, "hello", "hello.sh");
            int slow = template(server, project, repoId, "slow", "long.sh");

            Path config = dir.resolve("config-runner.json");
            Files.writeString(config, """
                    {"web_host": "%s", "tmp_path": "%s", "runner": {"token_file": "%s", "max_parallel_tasks": 2}}
                    """.formatted(server.baseUrl(), dir.resolve("tmp"), dir.resolve("token")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"runner", "register", "--config", config.toString(),
                            "--stdin-registration-token"},
                    new ByteArrayInputStream("reg-1\n".getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of(), dir);
            assertThat(code).as(err.toString()).isZero();
            assertThat(Files.readString(dir.resolve("token")).trim()).hasSizeGreaterThan(40);
            assertThat(server.services().runners().list(null)).hasSize(1);
            assertThat(server.services().runners().list(null).get(0).maxParallelTasks()).isEqualTo(2);

            Process runner = startRunner(config);
            try {
                long t1 = startTask(a, project, hello);
                assertThat(awaitEnd(server, t1, Duration.ofSeconds(60))).as(log(server, t1)).isEqualTo(TaskStatus.SUCCESS);
                assertThat(log(server, t1)).contains("hello from the runner process", "taken by runner #");

                long t2 = startTask(a, project, slow);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!log(server, t2).contains("started") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(log(server, t2)).contains("started");
                runner.destroyForcibly(); // SIGKILL: no goodbye
                runner.waitFor(10, TimeUnit.SECONDS);
                assertThat(awaitEnd(server, t2, Duration.ofSeconds(60))).isEqualTo(TaskStatus.ERROR);
                assertThat(log(server, t2)).contains("went silent", "last seen");
            } finally {
                runner.destroyForcibly();
            }

            out.reset();
            code = Main.run(new String[] {"runner", "unregister", "--config", config.toString()},
                    new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), dir);
            assertThat(code).as(err.toString()).isZero();
            assertThat(server.services().runners().list(null)).isEmpty();
            assertThat(dir.resolve("token")).doesNotExist();
        }
    }

    /**
     * {@code runner start --no-config} from environment variables only, as in a container: a runner encrypts nothing
     * (its jobs' keys come decrypted), so it starts without SEMAPHORE_ACCESS_KEY_ENCRYPTION, takes a task and, being
     * one-off, exits after it.
     */
    @Test
    void startWithoutAConfigFile_needsNoAccessKeyEncryption() throws Exception {
        try (TestServer server = TestServer.start(DbKind.SQLITE, c -> c.put("use_remote_runner", true))) {
            ApiClient a = server.admin();
            int project = a.post("/api/projects", Map.of("name", "env-only")).json().get("id").asInt();
            String base = "/api/project/" + project;
            var repo = GitRepos.create(server.dir(), "env-only", Map.of("hi.sh", "#!/bin/bash\necho \"hi from env\"\n"));
            int none = a.get(base + "/keys").json().get(0).get("id").asInt();
            a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                    "ssh_key_id", none));
            int repoId = a.get(base + "/repositories").json().get(0).get("id").asInt();
            int hi = template(server, project, repoId, "hi", "hi.sh");
            String token = server.services().runners().create(null,
                    io.semaphore.runner.RunnerRequest.of("env", "", 1, true, "")).token();
            Map<String, String> env = Map.of("SEMAPHORE_WEB_ROOT", server.baseUrl(), "SEMAPHORE_RUNNER_TOKEN", token,
                    "SEMAPHORE_RUNNER_ONE_OFF", "true", "SEMAPHORE_TMP_PATH", dir.resolve("env-tmp").toString());
            long id = startTask(a, project, hi);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"runner", "start", "--no-config"}, new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    env, dir);
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Runner started", "one-off");
            assertThat(awaitEnd(server, id, Duration.ofSeconds(30))).as(log(server, id)).isEqualTo(TaskStatus.SUCCESS);
            assertThat(log(server, id)).contains("hi from env");
        }
    }

    private Process startRunner(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.semaphore.cli.Main", "runner", "start", "--config", config.toString()));
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("runner.log").toFile());
        return pb.start();
    }

    private static int template(TestServer server, int project, int repoId, String name, String script) {
        ApiClient.Response t = server.admin().post("/api/project/" + project + "/templates", Map.of("name", name,
                "app", "bash", "playbook", script, "repository_id", repoId, "allow_parallel_tasks", true));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        return t.json().get("id").asInt();
    }

    private static long startTask(ApiClient a, int project, int template) {
        ApiClient.Response r = a.post("/api/project/" + project + "/tasks", Map.of("template_id", template));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static String log(TestServer server, long id) {
        return String.join("\n", server.services().logs().read(id, 0, 0).stream().map(TaskOutput::output).toList());
    }

    private static TaskStatus awaitEnd(TestServer server, long id, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            TaskStatus s = server.services().taskStore().find(id).map(Task::status).orElseThrow();
            if (s.finished()) {
                return s;
            }
            Thread.sleep(100);
        }
        return server.services().taskStore().find(id).map(Task::status).orElseThrow();
    }
}
