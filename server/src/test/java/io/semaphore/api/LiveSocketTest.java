package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /api/ws delivers Semaphore's "update" and "log" messages, only to users who may see the project. */
class LiveSocketTest {
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = TestServer.start(DbKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Collects every text message of one socket. */
    static class Collector implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    static WebSocket connect(ApiClient client, Collector c) throws Exception {
        return connect(server, client, c);
    }

    /** A live socket to {@code node} with {@code client}'s session (made on any node of the same database). */
    static WebSocket connect(TestServer node, ApiClient client, Collector c) throws Exception {
        String cookie = client.cookies().getCookieStore().getCookies().stream()
                .filter(k -> k.getName().equals("semaphore")).findFirst().orElseThrow().getValue();
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", "semaphore=" + cookie)
                .buildAsync(URI.create(node.baseUrl().replace("http", "ws") + "/api/ws"), c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void membersReceiveStatusAndLogLines_othersReceiveNothing() throws Exception {
        ApiClient admin = server.admin();
        TestServer.NewUser member = server.newUser(false);
        TestServer.NewUser outsider = server.newUser(false);
        int p = admin.post("/api/projects", Map.of("name", "Live")).json().get("id").asInt();
        String base = "/api/project/" + p;
        admin.post(base + "/users", Map.of("user_id", member.id(), "role", "guest"));
        Path repo = GitRepos.create(server.dir(), "live-repo", Map.of("say.sh", "#!/bin/bash\nfor i in 1 2 3; do echo \"live $i\"; done\n"));
        int key = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", key));
        int repoId = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int tpl = admin.post(base + "/templates", Map.of("name", "say", "app", "bash", "playbook", "say.sh",
                "repository_id", repoId)).json().get("id").asInt();

        Collector mine = new Collector();
        Collector theirs = new Collector();
        Collector filtered = new Collector();
        WebSocket a = connect(member.client(), mine);
        WebSocket b = connect(outsider.client(), theirs);
        WebSocket f = connect(admin, filtered);
        f.sendText("{\"type\": \"logs\", \"task_ids\": []}", true).get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        long task = admin.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();

        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && mine.messages.stream()
                .noneMatch(m -> m.path("type").asText().equals("update") && m.path("status").asText().equals("success"))) {
            Thread.sleep(100);
        }
        List<String> lines = mine.messages.stream().filter(m -> m.path("type").asText().equals("log"))
                .map(m -> m.path("output").asText()).toList();
        assertThat(lines).containsSubsequence("live 1", "live 2", "live 3");
        JsonNode log = mine.messages.stream().filter(m -> m.path("type").asText().equals("log")).findFirst().orElseThrow();
        assertThat(log.path("task_id").asLong()).isEqualTo(task);
        assertThat(log.path("project_id").asInt()).isEqualTo(p);
        assertThat(log.path("time").asText()).isNotEmpty();
        // Our extra field: each line's number in the stored output, consecutive from 1, so a late subscriber sees gaps.
        List<Long> numbers = mine.messages.stream().filter(m -> m.path("type").asText().equals("log"))
                .map(m -> m.path("line").asLong()).toList();
        assertThat(numbers.getFirst()).isEqualTo(1);
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("line number after %d", numbers.get(i - 1)).isEqualTo(numbers.get(i - 1) + 1);
        }
        JsonNode update = mine.messages.stream().filter(m -> m.path("type").asText().equals("update")).findFirst().orElseThrow();
        assertThat(update.has("template_id")).isTrue();
        assertThat(update.has("status")).isTrue();
        // Our extra fields: the commit, once the repository is checked out (the "running" update has it)
        String commit = admin.get(base + "/tasks/" + task).json().get("commit_hash").asText();
        assertThat(mine.messages).anyMatch(m -> m.path("type").asText().equals("update")
                && m.path("status").asText().equals("running") && m.path("commit_hash").asText().equals(commit)
                && !commit.isEmpty());
        // The engine publishes its own copy of the row (it does not read it back): the updates must walk the
        // statuses in order and end exactly as stored.
        List<JsonNode> updates = mine.messages.stream()
                .filter(m -> m.path("type").asText().equals("update") && m.path("task_id").asLong() == task).toList();
        assertThat(updates.stream().map(m -> m.path("status").asText()).toList())
                .containsExactly("waiting", "starting", "running", "success");
        JsonNode stored = admin.get(base + "/tasks/" + task).json();
        JsonNode last = updates.getLast();
        assertThat(java.time.Instant.parse(last.path("start").asText()))
                .isEqualTo(java.time.Instant.parse(stored.path("start").asText()));
        assertThat(java.time.Instant.parse(last.path("end").asText()))
                .isEqualTo(java.time.Instant.parse(stored.path("end").asText()));
        assertThat(last.path("commit_hash").asText()).isEqualTo(commit);
        assertThat(last.path("commit_message").asText()).isEqualTo(stored.path("commit_message").asText());
        assertThat(theirs.messages).isEmpty();
        // A browser that asked for no task logs still gets status updates, but no log lines.
        assertThat(filtered.messages).anyMatch(m -> m.path("type").asText().equals("update"));
        assertThat(filtered.messages).noneMatch(m -> m.path("type").asText().equals("log"));
        a.abort();
        b.abort();
        f.abort();
    }

    /**
     * A viewer that reads nothing for a while, of a task printing 200,000 lines: it is not closed, its lines come in
     * batches with rising numbers (skipping ahead where it fell behind), it gets the task's last line and its end,
     * and the lines it skipped are all in the stored log.
     */
    @Test
    void aSlowViewerOfAChattyTask_isNotDropped_skipsAhead_andGetsTheEnd() throws Exception {
        ApiClient admin = server.admin();
        int p = admin.post("/api/projects", Map.of("name", "Chatty")).json().get("id").asInt();
        String base = "/api/project/" + p;
        int total = 200_000;
        Path repo = GitRepos.create(server.dir(), "chatty-repo", Map.of("chatty.sh",
                "#!/bin/bash\nsleep 1\nseq 1 " + total + "\n"));
        int key = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", key));
        int repoId = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int tpl = admin.post(base + "/templates", Map.of("name", "chatty", "app", "bash", "playbook", "chatty.sh",
                "repository_id", repoId)).json().get("id").asInt();

        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger closedWith = new java.util.concurrent.atomic.AtomicInteger();
        Collector slow = new Collector() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                try {
                    resume.await(); // reads nothing until told: the server's sends pile up in the socket
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.onText(ws, data, last);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                closedWith.set(code);
                return null;
            }
        };
        WebSocket ws = connect(admin, slow);
        ws.sendText("{\"type\": \"logs\", \"task_ids\": [], \"batch\": true}", true).get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        long task = admin.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
        ws.sendText("{\"type\": \"logs\", \"task_ids\": [" + task + "], \"batch\": true}", true).get(5, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && !admin.get(base + "/tasks/" + task).json().path("status").asText().equals("success")) {
            Thread.sleep(100);
        }
        resume.countDown();
        while (System.currentTimeMillis() < deadline && slow.messages.stream()
                .noneMatch(m -> m.path("type").asText().equals("update") && m.path("status").asText().equals("success"))) {
            Thread.sleep(100);
        }
        Thread.sleep(500); // the tick after the last update

        assertThat(closedWith.get()).as("not closed").isZero();
        assertThat(slow.messages).anyMatch(m -> m.path("type").asText().equals("update")
                && m.path("task_id").asLong() == task && m.path("status").asText().equals("success"));
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (JsonNode m : slow.messages) {
            assertThat(m.path("type").asText()).as("lines come in batches only").isNotEqualTo("log");
            if (m.path("type").asText().equals("logs")) {
                assertThat(m.path("task_id").asLong()).isEqualTo(task);
                m.path("lines").forEach(lines::add);
            }
        }
        long stored = admin.get(base + "/tasks/" + task + "/output").json().size();
        assertThat(stored).isGreaterThan(total);
        long previous = 0;
        long skipped = 0;
        for (JsonNode l : lines) {
            long n = l.path("line").asLong();
            assertThat(n).as("numbers rise").isGreaterThan(previous);
            skipped += n - previous - 1;
            previous = n;
        }
        assertThat(previous).as("the last line arrives").isEqualTo(stored);
        assertThat(skipped).as("a viewer this slow skipped ahead").isPositive();
        // what it skipped is in the stored log, where the page reads it
        JsonNode page = admin.get(base + "/tasks/" + task + "/output?offset=" + (lines.getFirst().path("line").asLong() - 1)
                + "&limit=1").json();
        assertThat(page.get(0).path("output").asText()).isEqualTo(lines.getFirst().path("output").asText());
        ws.abort();
    }

    @Test
    void withoutCredentials_theSocketIsRefusedOrClosedAt4401() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        Collector c = new Collector() {
            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                closed.complete(code);
                return null;
            }
        };
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(server.baseUrl().replace("http", "ws") + "/api/ws"), c).get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
            assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
        assertThat(c.messages).isEmpty();
    }
}
