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

/** Real tasks: bash and python scripts from a git repository made in a temp folder, run by the real engine. */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskApiTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static ApiClient admin;

    int project;
    String base;
    int repository;
    Path repoDir;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db, c -> c.put("max_parallel_tasks", 4));
        admin = server.admin();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @BeforeEach
    void project() {
        project = admin.post("/api/projects", Map.of("name", "Tasks")).json().get("id").asInt();
        base = "/api/project/" + project;
        repoDir = GitRepos.create(server.dir(), "repo-" + project, Map.of(
                "hello.sh", "#!/bin/bash\necho \"hello from bash $1\"\necho \"GREETING=$GREETING\"\nfor i in $(seq 1 200); do echo \"line $i\"; done\n",
                "fail.sh", "#!/bin/bash\necho about to fail\nexit 3\n",
                "slow.sh", "#!/bin/bash\necho started\nsleep 60 & wait\necho never\n",
                "many.sh", "#!/bin/bash\nseq 1 25000\n",
                "hello.py", "import sys, os\nprint('hello from python', ' '.join(sys.argv[1:]))\nprint('TOKEN=' + os.environ.get('TOKEN', ''))\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        ApiClient.Response r = admin.post(base + "/repositories", Map.of("name", "scripts", "git_url", repoDir.toString(),
                "git_branch", "main", "ssh_key_id", none));
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
        repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
    }

    int template(String name, String app, String script, Map<String, Object> extra) {
        Map<String, Object> t = new HashMap<>(Map.of("name", name, "app", app, "playbook", script, "repository_id", repository));
        t.putAll(extra);
        ApiClient.Response r = admin.post(base + "/templates", t);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    JsonNode run(int templateId, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("template_id", templateId));
        body.putAll(extra);
        ApiClient.Response r = admin.post(base + "/tasks", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
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

    List<String> output(long taskId) {
        List<String> lines = new ArrayList<>();
        admin.get(base + "/tasks/" + taskId + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        return lines;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean finished(String s) {
        return s.equals("success") || s.equals("error") || s.equals("stopped");
    }

    @Test
    void bashTask_runsFromGit_andStoresEveryLineInOrder() {
        assertThat(admin.post(base + "/environment", Map.of("name", "vars", "json", "{}",
                "env", "{\"GREETING\": \"hi there\"}")).status()).isEqualTo(204);
        int env = environment("vars");
        int tpl = template("hello", "bash", "hello.sh", Map.of("arguments", "[\"world\"]", "environment_id", env));
        JsonNode task = run(tpl, Map.of("message", "first run"));
        assertThat(task.get("status").asText()).isEqualTo("waiting");
        assertThat(task.get("message").asText()).isEqualTo("first run");
        JsonNode done = await(task.get("id").asLong(), TaskApiTest::finished);
        List<String> out = output(task.get("id").asLong());
        assertThat(done.get("status").asText()).as(String.join("\n", out)).isEqualTo("success");
        assertThat(out).contains("hello from bash world", "GREETING=hi there");
        List<String> numbered = out.stream().filter(l -> l.startsWith("line ")).toList();
        assertThat(numbered).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(numbered.get(i)).isEqualTo("line " + (i + 1));
        }
        assertThat(done.get("commit_hash").asText()).isEqualTo(GitRepos.head(repoDir));
        assertThat(done.get("start").isNull()).isFalse();
        assertThat(done.get("end").isNull()).isFalse();
        assertThat(done.get("tpl_alias").asText()).isEqualTo("hello");

        ApiClient.Response page = admin.get(base + "/tasks/" + task.get("id").asLong() + "/output?offset=2&limit=3");
        assertThat(page.json()).hasSize(3);
        ApiClient.Response raw = admin.get(base + "/tasks/" + task.get("id").asLong() + "/raw_output");
        assertThat(raw.header("Content-Type")).startsWith("text/plain");
        assertThat(raw.body()).contains("hello from bash world\n").contains("line 200\n");
        assertThat(admin.get(base + "/tasks/last?limit=5").json().get(0).get("id").asLong()).isEqualTo(task.get("id").asLong());
        assertThat(admin.get(base + "/templates/" + tpl + "/tasks").json()).hasSize(1);
        assertThat(admin.get(base + "/templates/" + tpl).json().get("last_task").get("id").asLong()).isEqualTo(task.get("id").asLong());
    }

    /** Bigger than the handler's 10,000-line pages: the whole answer, a page across a boundary, and the text. */
    @Test
    void bigOutput_isWholeAndInOrder_acrossPages() {
        long id = run(template("many", "bash", "many.sh", Map.of()), Map.of()).get("id").asLong();
        assertThat(await(id, TaskApiTest::finished).get("status").asText()).isEqualTo("success");
        List<String> out = output(id);
        int first = out.indexOf("1");
        assertThat(first).isPositive();
        assertThat(out.subList(first, first + 25000)).isEqualTo(
                java.util.stream.IntStream.rangeClosed(1, 25000).mapToObj(String::valueOf).toList());
        JsonNode across = admin.get(base + "/tasks/" + id + "/output?offset=" + (first + 9990) + "&limit=30").json();
        assertThat(across).hasSize(30);
        assertThat(across.get(0).get("output").asText()).isEqualTo("9991");
        assertThat(across.get(29).get("output").asText()).isEqualTo("10020");
        assertThat(across.get(0).get("time").asText()).isNotEmpty();
        assertThat(across.get(0).get("task_id").asLong()).isEqualTo(id);
        JsonNode tail = admin.get(base + "/tasks/" + id + "/output?offset=" + (out.size() - 2)).json();
        assertThat(tail).hasSize(2);
        assertThat(admin.get(base + "/tasks/" + id + "/raw_output").body().lines().toList()).isEqualTo(out);
        assertThat(admin.get(base + "/tasks/999999/output").status()).isEqualTo(404);
    }

    @Test
    void pythonTask_getsArgumentsAndSecretEnvironment() {
        ApiClient.Response e = admin.post(base + "/environment", Map.of("name", "py", "json", "{}",
                "secrets", List.of(Map.of("type", "env", "name", "TOKEN", "secret", "s3cr3t-token", "operation", "create"))));
        assertThat(e.status()).as(e.body()).isEqualTo(204);
        int env = environment("py");
        int tpl = template("py", "python", "hello.py", Map.of("environment_id", env, "allow_override_args_in_task", true));
        JsonNode task = run(tpl, Map.of("arguments", "[\"a\", \"b\"]"));
        JsonNode done = await(task.get("id").asLong(), TaskApiTest::finished);
        List<String> out = output(task.get("id").asLong());
        assertThat(done.get("status").asText()).as(String.join("\n", out)).isEqualTo("success");
        assertThat(out).anyMatch(l -> l.startsWith("hello from python") && l.contains("a b"));
        // The secret reaches the process but never the log.
        assertThat(out).contains("TOKEN=********");
        assertThat(String.join("\n", out)).doesNotContain("s3cr3t-token");
    }

    @Test
    void failingScript_endsInError() {
        int tpl = template("fail", "bash", "fail.sh", Map.of());
        JsonNode done = await(run(tpl, Map.of()).get("id").asLong(), TaskApiTest::finished);
        assertThat(done.get("status").asText()).isEqualTo("error");
        assertThat(output(done.get("id").asLong())).contains("about to fail");
    }

    @Test
    void wrongGitUrl_failsTheTask_withGitsOwnMessageInTheLog() {
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        Path missing = server.dir().resolve("no-such-repo-" + project + ".git");
        for (String url : List.of("file://" + missing, "no/such/repo-" + project)) {
            ApiClient.Response r = admin.post(base + "/repositories", Map.of("name", "wrong " + url, "git_url", url,
                    "git_branch", "main", "ssh_key_id", none));
            assertThat(r.status()).as(r.body()).isEqualTo(204); // accepted: only git can tell whether it exists
            int repo = 0;
            for (JsonNode x : admin.get(base + "/repositories").json()) {
                if (x.get("git_url").asText().equals(url)) {
                    repo = x.get("id").asInt();
                }
            }
            int tpl = template("wrong url " + url, "bash", "hello.sh", Map.of("repository_id", repo));
            JsonNode done = await(run(tpl, Map.of()).get("id").asLong(), TaskApiTest::finished);
            assertThat(done.get("status").asText()).isEqualTo("error");
            String gitsMessage = url.startsWith("file:")
                    ? "fatal: '" + missing + "' does not appear to be a git repository"
                    : "fatal: repository '" + url + "' does not exist";
            assertThat(output(done.get("id").asLong())).as(url).anyMatch(l -> l.contains(gitsMessage));
        }
    }

    @Test
    void stop_andForceStop_endTheTaskAndItsProcesses() {
        int tpl = template("slow", "bash", "slow.sh", Map.of("allow_parallel_tasks", true));
        long a = run(tpl, Map.of()).get("id").asLong();
        long b = run(tpl, Map.of()).get("id").asLong();
        await(a, s -> s.equals("running"));
        await(b, s -> s.equals("running"));
        awaitLine(a, "started");
        awaitLine(b, "started");
        assertThat(admin.post(base + "/tasks/" + a + "/stop", Map.of("force", false)).status()).isEqualTo(204);
        assertThat(admin.post(base + "/tasks/" + b + "/stop", Map.of("force", true)).status()).isEqualTo(204);
        assertThat(await(a, TaskApiTest::finished).get("status").asText()).isEqualTo("stopped");
        assertThat(await(b, TaskApiTest::finished).get("status").asText()).isEqualTo("stopped");
        assertThat(output(a)).doesNotContain("never");
    }

    @Test
    void oneTaskAtATimePerTemplate_unlessParallelIsAllowed() {
        int tpl = template("serial", "bash", "hello.sh", Map.of());
        long first = run(tpl, Map.of()).get("id").asLong();
        long second = run(tpl, Map.of()).get("id").asLong();
        JsonNode f = await(first, TaskApiTest::finished);
        JsonNode s = await(second, TaskApiTest::finished);
        assertThat(Instant.parse(s.get("start").asText())).isAfterOrEqualTo(Instant.parse(f.get("end").asText()));
    }

    /** A project's max_parallel_tasks: never more of its tasks at once, even from a template that allows parallel runs. */
    @Test
    void projectLimit_runsAtMostThatManyAtOnce() throws Exception {
        Path runs = server.dir().resolve("project-limit-" + db + ".txt");
        java.nio.file.Files.writeString(runs, "");
        GitRepos.commit(repoDir, Map.of("limited.sh", "#!/bin/bash\necho start >> " + runs + "\nsleep 0.2\necho end >> " + runs + "\n"),
                "limited");
        assertThat(admin.put(base, Map.of("name", "Tasks", "max_parallel_tasks", 2)).status()).isEqualTo(204);
        int tpl = template("limited", "bash", "limited.sh", Map.of("allow_parallel_tasks", true));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(run(tpl, Map.of()).get("id").asLong());
        }
        for (long id : ids) {
            assertThat(await(id, TaskApiTest::finished).get("status").asText()).isEqualTo("success");
        }
        int active = 0;
        int most = 0;
        for (String line : java.nio.file.Files.readAllLines(runs)) {
            active += line.equals("start") ? 1 : -1;
            most = Math.max(most, active);
        }
        assertThat(most).as("most tasks of the project at once").isEqualTo(2);
    }

    @Test
    void stopWhileWaiting_neverRuns() {
        int tpl = template("slow2", "bash", "slow.sh", Map.of());
        long running = run(tpl, Map.of()).get("id").asLong();
        long queued = run(tpl, Map.of()).get("id").asLong();
        await(running, s -> s.equals("running"));
        assertThat(admin.get(base + "/tasks/" + queued).json().get("status").asText()).isEqualTo("waiting");
        assertThat(admin.post(base + "/tasks/" + queued + "/stop", Map.of("force", true)).status()).isEqualTo(204);
        assertThat(admin.get(base + "/tasks/" + queued).json().get("status").asText()).isEqualTo("stopped");
        admin.post(base + "/tasks/" + running + "/stop", Map.of("force", true));
        await(running, TaskApiTest::finished);
        sleep(1500);
        // it never ran: its log holds only who stopped it
        assertThat(output(queued)).singleElement().asString().startsWith("Task stopped by ").endsWith(" before it started");
    }

    @Test
    void badInput_andRoles() {
        int tpl = template("roles", "bash", "hello.sh", Map.of());
        assertThat(admin.post(base + "/tasks", Map.of()).error()).isEqualTo("Field 'template_id' is required");
        assertThat(admin.post(base + "/tasks", Map.of("template_id", 999999)).status()).isEqualTo(400);
        assertThat(admin.post(base + "/tasks", Map.of("template_id", tpl, "environment", "{bad")).error()).contains("'environment'");
        assertThat(admin.post(base + "/tasks", Map.of("template_id", tpl, "arguments", "[\"x\"]")).error())
                .contains("does not allow overriding arguments");
        assertThat(admin.get(base + "/tasks/999999").status()).isEqualTo(404);
        TestServer.NewUser guest = server.newUser(false);
        TestServer.NewUser runner = server.newUser(false);
        admin.post(base + "/users", Map.of("user_id", guest.id(), "role", "guest"));
        admin.post(base + "/users", Map.of("user_id", runner.id(), "role", "task_runner"));
        assertThat(guest.client().post(base + "/tasks", Map.of("template_id", tpl)).status()).isEqualTo(403);
        ApiClient.Response ok = runner.client().post(base + "/tasks", Map.of("template_id", tpl));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(guest.client().get(base + "/tasks/" + ok.json().get("id").asLong()).status()).isEqualTo(200);
        await(ok.json().get("id").asLong(), TaskApiTest::finished);
        assertThat(runner.client().delete(base + "/tasks/" + ok.json().get("id").asLong()).status()).isEqualTo(403);
        assertThat(admin.delete(base + "/tasks/" + ok.json().get("id").asLong()).status()).isEqualTo(204);
    }

    @Test
    void crashRecovery_failsTasksLeftRunningWithAReason() {
        int tpl = template("crashed", "bash", "hello.sh", Map.of());
        long id = server.services().db().tx(h -> h.createUpdate("INSERT INTO task (template_id, project_id, status, created,"
                        + " node_id, lease_until) VALUES (:t, :p, 'running', :c, 'dead-node', :l)")
                .bind("t", tpl).bind("p", project).bind("c", Instant.now()).bind("l", Instant.now().minusSeconds(60))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        JsonNode done = await(id, TaskApiTest::finished);
        assertThat(done.get("status").asText()).isEqualTo("error");
        assertThat(output(id)).anyMatch(l -> l.contains("stopped or crashed"));
    }

    int environment(String name) {
        for (JsonNode n : admin.get(base + "/environment").json()) {
            if (n.get("name").asText().equals(name)) {
                return n.get("id").asInt();
            }
        }
        throw new AssertionError("no environment " + name);
    }

    @Test
    void successfulBuild_startsItsAutorunDeploy_withTheBuildsVersion() {
        int build = template("build", "bash", "hello.sh", Map.of("type", "build", "start_version", "1.4.0"));
        int deploy = template("deploy", "bash", "hello.sh", Map.of("type", "deploy", "build_template_id", build, "autorun", true));
        JsonNode b = run(build, Map.of());
        assertThat(b.get("version").asText()).isEqualTo("1.4.0");
        assertThat(await(b.get("id").asLong(), TaskApiTest::finished).get("status").asText()).isEqualTo("success");
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode deployTask = null;
        while (deployTask == null && Instant.now().isBefore(deadline)) {
            JsonNode list = admin.get(base + "/templates/" + deploy + "/tasks").json();
            deployTask = list.isEmpty() ? null : list.get(0);
            sleep(100);
        }
        assertThat(deployTask).isNotNull();
        assertThat(deployTask.get("build_task_id").asLong()).isEqualTo(b.get("id").asLong());
        assertThat(deployTask.get("version").asText()).isEqualTo("1.4.0");
        JsonNode b2 = run(build, Map.of());
        assertThat(b2.get("version").asText()).isEqualTo("1.4.1");
        await(b2.get("id").asLong(), TaskApiTest::finished);
    }

    @Test
    void adminQueue_listsUnfinishedTasks_andStopsThem() {
        int tpl = template("queued", "bash", "slow.sh", Map.of());
        long t = run(tpl, Map.of()).get("id").asLong();
        await(t, s -> s.equals("running"));
        JsonNode queue = admin.get("/api/tasks").json();
        assertThat(queue.findValuesAsText("task_id")).contains(String.valueOf(t));
        assertThat(admin.get("/api/tasks/" + t).json().get("location").asText()).isEqualTo("running");
        assertThat(server.newUser(false).client().get("/api/tasks").status()).isEqualTo(403);
        assertThat(admin.delete("/api/tasks/" + t).status()).isEqualTo(204);
        assertThat(await(t, TaskApiTest::finished).get("status").asText()).isEqualTo("stopped");
    }

    void awaitLine(long taskId, String line) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (output(taskId).contains(line)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("no line '" + line + "' in task " + taskId + ": " + output(taskId));
    }
}
