package io.semaphore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigLoader;
import io.semaphore.runner.agent.RunnerAgent;
import io.semaphore.runner.agent.RunnerClient;
import io.semaphore.runtime.Jobs;
import io.semaphore.task.log.TaskOutput;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.FakeTerraform;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real server and real runner agents (each on its own thread, talking HTTP to the server, running real bash
 * processes from a real git repository) on each database: tasks by tag, a runner killed mid-task, a network break
 * through a proxy the test cuts, stops reaching the runner, a disabled runner refused.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class RemoteRunnerTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static int project;
    static int repoId;
    static final List<RunnerAgent> agents = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db, c -> c.put("runner_registration_token", "reg-secret"));
        ApiClient a = server.admin();
        project = a.post("/api/projects", Map.of("name", "remote")).json().get("id").asInt();
        String base = "/api/project/" + project;
        var repo = GitRepos.create(server.dir(), "scripts", Map.of(
                "who.sh", "#!/bin/bash\necho \"ran on $RUNNER_NAME\"\n",
                "long.sh", "#!/bin/bash\necho started\nsleep 120\necho never\n",
                "lines.sh", "#!/bin/bash\nfor i in $(seq 1 300); do echo \"line $i\"; sleep 0.01; done\n"));
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        ApiClient.Response r = a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(),
                "git_branch", "main", "ssh_key_id", none));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        repoId = a.get(base + "/repositories").json().get(0).get("id").asInt();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(RunnerAgent::kill);
        agents.clear();
    }

    @Test
    void eachTaskGoesToTheRunnerWithItsTag() throws Exception {
        var alpha = runners().create(null, RunnerRequest.of("alpha-runner", "", 0, true, "alpha"));
        var beta = runners().create(null, RunnerRequest.of("beta-runner", "", 0, true, "beta"));
        startAgent(alpha.token(), "A", server.baseUrl());
        startAgent(beta.token(), "B", server.baseUrl());
        int tplA = template("who-alpha", "who.sh", "alpha");
        int tplB = template("who-beta", "who.sh", "beta");
        long a1 = startTask(tplA);
        long b1 = startTask(tplB);
        long a2 = startTask(tplA);
        for (long id : new long[] {a1, b1, a2}) {
            assertThat(awaitEnd(id, Duration.ofSeconds(60))).as(log(id)).isEqualTo(TaskStatus.SUCCESS);
        }
        assertThat(log(a1)).contains("taken by runner #" + alpha.runner().id() + " (alpha-runner)", "ran on A")
                .doesNotContain("ran on B");
        assertThat(log(a2)).contains("ran on A");
        assertThat(log(b1)).contains("taken by runner #" + beta.runner().id() + " (beta-runner)", "ran on B");
        assertThat(runnerOf(b1)).isEqualTo(beta.runner().id());
        assertThat(runners().onlineCount()).isGreaterThanOrEqualTo(2);
        String metrics = server.admin().get("/api/metrics").body();
        assertThat(metrics).contains("semaphore_runners_online");
    }

    @Test
    void aTaskWaitsVisiblyForARunnerWithItsTag() throws Exception {
        int tpl = template("nobody", "who.sh", "nobody-has-this");
        long id = startTask(tpl);
        awaitLog(id, l -> l.contains("Waiting for a runner with tag nobody-has-this"), Duration.ofSeconds(15));
        assertThat(status(id)).isEqualTo(TaskStatus.WAITING);
        assertThat(server.admin().post("/api/project/" + project + "/tasks/" + id + "/stop", Map.of()).status())
                .isLessThan(300);
    }

    @Test
    void aSilentRunnersTaskFailsSayingWhyAndTheNextGoesToTheOther() throws Exception {
        var first = runners().create(null, RunnerRequest.of("first", "", 0, true, "silent"));
        var second = runners().create(null, RunnerRequest.of("second", "", 0, true, "silent"));
        int tpl = template("long-silent", "long.sh", "silent");
        RunnerAgent a = startAgent(first.token(), "A", server.baseUrl());
        long t1 = startTask(tpl);
        awaitLog(t1, l -> l.contains("started"), Duration.ofSeconds(30));
        assertThat(runnerOf(t1)).isEqualTo(first.runner().id());
        a.kill(); // the runner's machine is gone: no more polls, no more pushes
        Instant killed = Instant.now();

        // A runner that takes a task and is never heard of again: its task goes back to the queue.
        var taker = runners().create(null, RunnerRequest.of("taker", "", 1, true, "requeue"));
        int tplQ = template("requeue", "who.sh", "requeue");
        long q = startTask(tplQ);
        RunnerClient takerClient = new RunnerClient(server.baseUrl(), taker.token(), Duration.ofSeconds(10));
        var state = takerClient.poll();
        assertThat(state.newJobs()).extracting(n -> n.path("task").path("id").asLong()).contains(q);
        assertThat(status(q)).isEqualTo(TaskStatus.STARTING);

        startAgent(second.token(), "B", server.baseUrl());
        long t2 = startTask(tpl);
        awaitLog(t2, l -> l.contains("started"), Duration.ofSeconds(30));
        assertThat(runnerOf(t2)).isEqualTo(second.runner().id());

        assertThat(awaitEnd(t1, Duration.ofSeconds(60))).isEqualTo(TaskStatus.ERROR);
        assertThat(Duration.between(killed, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(25));
        assertThat(log(t1)).contains("Task failed: runner #" + first.runner().id() + " (first) running it went silent",
                "last seen");
        awaitLog(q, l -> l.contains("went back to the queue"), Duration.ofSeconds(30));
        assertThat(status(q)).isEqualTo(TaskStatus.WAITING);
        assertThat(runnerOf(q)).isNull();

        // A stop reaches the runner at its next poll (every second).
        Instant asked = Instant.now();
        assertThat(server.admin().post("/api/project/" + project + "/tasks/" + t2 + "/stop", Map.of()).status())
                .isLessThan(300);
        assertThat(awaitEnd(t2, Duration.ofSeconds(20))).isEqualTo(TaskStatus.STOPPED);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(8));
        server.admin().post("/api/project/" + project + "/tasks/" + q + "/stop", Map.of());
    }

    @Test
    void aNetworkBreakLosesNoLineAndRepeatsNone() throws Exception {
        var net = runners().create(null, RunnerRequest.of("net", "", 0, true, "net"));
        int tpl = template("lines", "lines.sh", "net");
        try (TcpProxy proxy = new TcpProxy(Integer.parseInt(server.baseUrl().replaceAll(".*:", "")))) {
            startAgent(net.token(), "N", "http://127.0.0.1:" + proxy.port());
            long id = startTask(tpl);
            awaitLog(id, l -> l.contains("line 20"), Duration.ofSeconds(30));
            proxy.dropAnswers(true); // pushes reach the server, their answers are lost: the runner sends them again
            Thread.sleep(1500);
            proxy.dropAnswers(false);
            proxy.cut(true); // nothing gets through
            Thread.sleep(1500);
            proxy.cut(false);
            assertThat(awaitEnd(id, Duration.ofSeconds(60))).as(log(id)).isEqualTo(TaskStatus.SUCCESS);
            List<Integer> numbers = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^line (\\d+)$").matcher(log(id));
            while (m.find()) {
                numbers.add(Integer.parseInt(m.group(1)));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                expected.add(i);
            }
            assertThat(numbers).isEqualTo(expected);
        }
    }

    @Test
    void aBatchSentTwiceIsStoredOnce() throws Exception {
        var r = runners().create(null, RunnerRequest.of("twice", "", 0, true, "twice"));
        int tpl = template("twice", "who.sh", "twice");
        long id = startTask(tpl);
        RunnerClient c = new RunnerClient(server.baseUrl(), r.token(), Duration.ofSeconds(10));
        assertThat(c.poll().newJobs()).isNotEmpty();
        var t0 = Instant.now();
        var batch = new RunnerProtocol.Progress(List.of(new RunnerProtocol.JobProgress(id, "running", List.of(
                new RunnerProtocol.LogRecord(t0, "one", 1L), new RunnerProtocol.LogRecord(t0, "two", 2L)), null)));
        c.progress(batch);
        c.progress(batch); // its answer was lost: sent again
        c.progress(new RunnerProtocol.Progress(List.of(new RunnerProtocol.JobProgress(id, "success", List.of(
                new RunnerProtocol.LogRecord(t0, "two", 2L), new RunnerProtocol.LogRecord(t0, "three", 3L),
                new RunnerProtocol.LogRecord(t0, "no seq (a Semaphore runner)", null)), null))));
        assertThat(awaitEnd(id, Duration.ofSeconds(10))).isEqualTo(TaskStatus.SUCCESS);
        List<String> lines = server.services().logs().read(id, 0, 0).stream().map(TaskOutput::output).toList();
        assertThat(lines.stream().filter(l -> List.of("one", "two", "three").contains(l)).toList())
                .containsExactly("one", "two", "three");
        assertThat(lines).contains("no seq (a Semaphore runner)");
    }

    @Test
    void aDisabledOrDeletedRunnersPollIsRefused() throws Exception {
        var r = runners().create(null, RunnerRequest.of("off", "", 0, true, "off"));
        RunnerClient c = new RunnerClient(server.baseUrl(), r.token(), Duration.ofSeconds(10));
        c.poll();
        runners().setActive(null, r.runner().id(), false);
        assertThatThrownBy(c::poll).isInstanceOfSatisfying(RunnerClient.Refused.class,
                e -> assertThat(e.status()).isEqualTo(403)).hasMessageContaining("disabled");
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/api/internal/runners")).header("X-Runner-Token", r.token()).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(403);
        assertThat(raw.headers().firstValue("Content-Type").orElse("")).contains("json");
        assertThat(new ObjectMapper().readTree(raw.body()).isObject()).isTrue();
        runners().delete(null, r.runner().id());
        assertThatThrownBy(c::poll).isInstanceOfSatisfying(RunnerClient.Refused.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> new RunnerClient(server.baseUrl(), "", Duration.ofSeconds(5))
                .register("wrong", "", 1, "", "")).isInstanceOfSatisfying(RunnerClient.Refused.class,
                e -> assertThat(e.status()).isEqualTo(400));
        RunnerClient fresh = new RunnerClient(server.baseUrl(), "", Duration.ofSeconds(5));
        String token = fresh.register("reg-secret", "", 2, "", "");
        fresh.token(token);
        fresh.poll();
        fresh.unregister();
        assertThatThrownBy(fresh::poll).isInstanceOfSatisfying(RunnerClient.Refused.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    /**
     * A terraform plan through a runner (the stand-in binary in the runner's own apps settings): the task waits for
     * a person; confirmed through the API, the runner applies it; rejected, the runner ends it without applying and
     * the task ends rejected, with its end time and last line, and the runner's slot free.
     */
    @Test
    void aTerraformPlanThroughARunner_waitsForAPerson_confirmAppliesIt_rejectEndsIt() throws Exception {
        FakeTerraform tf = FakeTerraform.in(Files.createTempDirectory(server.dir(), "terraform-"));
        var r = runners().create(null, RunnerRequest.of("tf", "", 1, true, "tf"));
        startAgent(r.token(), "T", server.baseUrl(),
                c -> c.putObject("apps").putObject("terraform").put("path", tf.binary().toString()));
        ApiClient a = server.admin();
        String base = "/api/project/" + project;
        var repo = GitRepos.create(server.dir(), "infra", Map.of("main.tf", "# the stand-in reads nothing\n"));
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        a.post(base + "/repositories", Map.of("name", "infra", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int infra = -1;
        for (var each : a.get(base + "/repositories").json()) {
            if (each.get("name").asText().equals("infra")) {
                infra = each.get("id").asInt();
            }
        }
        ApiClient.Response t = a.post(base + "/templates", Map.of("name", "plan", "app", "terraform",
                "repository_id", infra, "runner_tag", "tf"));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        int tpl = t.json().get("id").asInt();

        long confirmed = plan(base, tpl, "one");
        awaitStatus(confirmed, TaskStatus.WAITING_CONFIRMATION);
        assertThat(runnerOf(confirmed)).isEqualTo(r.runner().id());
        assertThat(log(confirmed)).contains("Plan: 1 to add").doesNotContain("Apply complete!");
        assertThat(a.post(base + "/tasks/" + confirmed + "/confirm", "{}").status()).isEqualTo(204);
        assertThat(awaitEnd(confirmed, Duration.ofSeconds(30))).as(log(confirmed)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(log(confirmed)).contains("Apply complete!");
        assertThat(Files.readString(tf.state()).strip()).isEqualTo("greeting=one");

        long rejected = plan(base, tpl, "two");
        awaitStatus(rejected, TaskStatus.WAITING_CONFIRMATION);
        assertThat(a.post(base + "/tasks/" + rejected + "/reject", "{}").status()).isEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (a.get(base + "/tasks/" + rejected).json().path("end").asText("").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        var ended = a.get(base + "/tasks/" + rejected).json();
        assertThat(ended.get("status").asText()).isEqualTo("rejected");
        assertThat(ended.path("end").asText("")).as("the rejected task's end time; its log:\n" + log(rejected)).isNotEmpty();
        assertThat(log(rejected)).contains("finished: rejected").doesNotContain("Apply complete!");
        assertThat(Files.readString(tf.state()).strip()).as("only the confirmed plan applied").isEqualTo("greeting=one");
        assertThat(a.get("/api/runners/" + r.runner().id()).json().get("running_tasks").asInt()).isZero();

        // its one slot is free: the next plan is taken
        long next = plan(base, tpl, "three");
        awaitStatus(next, TaskStatus.WAITING_CONFIRMATION);
        assertThat(a.post(base + "/tasks/" + next + "/stop", "{}").status()).isLessThan(300);
        assertThat(awaitEnd(next, Duration.ofSeconds(20))).isEqualTo(TaskStatus.STOPPED);
    }

    static long plan(String base, int tpl, String greeting) {
        ApiClient.Response r = server.admin().post(base + "/tasks", Map.of("template_id", tpl,
                "environment", "{\"greeting\": \"" + greeting + "\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static void awaitStatus(long id, TaskStatus wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (status(id) != wanted && !status(id).finished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(status(id)).as("task %d; its log:%n%s", id, log(id)).isEqualTo(wanted);
    }

    // ---- helpers

    static RunnerService runners() {
        return server.services().runners();
    }

    static RunnerAgent startAgent(String token, String name, String url) throws Exception {
        return startAgent(token, name, url, c -> {});
    }

    /** A runner agent whose config file has {@code more} added. */
    static RunnerAgent startAgent(String token, String name, String url,
                                  java.util.function.Consumer<ObjectNode> more) throws Exception {
        Path dir = Files.createTempDirectory(server.dir(), "runner-" + name + "-");
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("web_host", url);
        c.put("tmp_path", dir.resolve("tmp").toString());
        c.putObject("env_vars").put("RUNNER_NAME", name);
        c.putObject("runner").put("token", token);
        more.accept(c);
        ConfigLoader loader = new ConfigLoader(Map.of(), dir);
        loader.save(dir.resolve("config.json"), c);
        Config config = loader.load(dir.resolve("config.json"), false);
        RunnerAgent agent = new RunnerAgent(new RunnerClient(url, token, Duration.ofSeconds(5)), config,
                Jobs.local(64 * 1024), line -> {});
        agent.start();
        agents.add(agent);
        return agent;
    }

    static int template(String name, String script, String tag) {
        ApiClient.Response t = server.admin().post("/api/project/" + project + "/templates", Map.of("name", name,
                "app", "bash", "playbook", script, "repository_id", repoId, "allow_parallel_tasks", true));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        int id = t.json().get("id").asInt();
        server.services().db().run(h -> h.createUpdate("UPDATE project__template SET runner_tag = :t WHERE id = :id")
                .bind("t", tag).bind("id", id).execute());
        return id;
    }

    static long startTask(int template) {
        ApiClient.Response r = server.admin().post("/api/project/" + project + "/tasks", Map.of("template_id", template));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static TaskStatus status(long id) {
        return server.services().taskStore().find(id).map(Task::status).orElseThrow();
    }

    static Integer runnerOf(long id) {
        return server.services().taskStore().runnerOf(id);
    }

    static String log(long id) {
        return String.join("\n", server.services().logs().read(id, 0, 0).stream().map(TaskOutput::output).toList());
    }

    static TaskStatus awaitEnd(long id, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            TaskStatus s = status(id);
            if (s.finished()) {
                return s;
            }
            Thread.sleep(100);
        }
        return status(id);
    }

    static void awaitLog(long id, Predicate<String> line, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.services().logs().read(id, 0, 0).stream().map(TaskOutput::output).anyMatch(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Task " + id + " (" + status(id) + ") never logged the line awaited; its log:\n" + log(id));
    }
}
