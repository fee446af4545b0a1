package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Search in a task's whole output, and the raw download's options (times, no ANSI codes). */
@ParameterizedClass
@EnumSource(DbKind.class)
class LogSearchApiTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static ApiClient admin;
    String base;
    long task;
    List<String> lines;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db);
        admin = server.admin();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @BeforeEach
    void runATask() throws Exception {
        int p = admin.post("/api/projects", Map.of("name", "Search")).json().get("id").asInt();
        base = "/api/project/" + p;
        Path repo = GitRepos.create(server.dir(), "search-" + p, Map.of("s.sh", "#!/bin/bash\n"
                + "printf 'first ne\\033[1medle\\033[0m here\\n'\nseq 1 30000\necho 'the last Needle'\n"));
        int key = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", key));
        int repoId = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int tpl = admin.post(base + "/templates", Map.of("name", "s", "app", "bash", "playbook", "s.sh",
                "repository_id", repoId)).json().get("id").asInt();
        task = admin.post(base + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && !admin.get(base + "/tasks/" + task).json().path("status").asText().equals("success")) {
            Thread.sleep(100);
        }
        lines = new ArrayList<>();
        admin.get(base + "/tasks/" + task + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        assertThat(lines).hasSizeGreaterThan(30_002);
    }

    @Test
    void findsEveryMatchInTheWholeLog_withLineNumbersThePageCanJumpTo() {
        JsonNode r = admin.get(base + "/tasks/" + task + "/output/search?q=needle").json();
        assertThat(r.get("total").asLong()).as("ANSI codes inside a word and case do not hide it").isEqualTo(2);
        assertThat(r.get("lines_searched").asLong()).isEqualTo(lines.size());
        List<Long> at = new ArrayList<>();
        r.get("lines").forEach(n -> at.add(n.asLong()));
        assertThat(at).hasSize(2);
        assertThat(lines.get((int) (at.get(0) - 1))).startsWith("first ne");
        assertThat(lines.get((int) (at.get(1) - 1))).isEqualTo("the last Needle");
        JsonNode one = admin.get(base + "/tasks/" + task + "/output?offset=" + (at.get(1) - 1) + "&limit=1").json();
        assertThat(one.get(0).get("output").asText()).isEqualTo("the last Needle");

        JsonNode exact = admin.get(base + "/tasks/" + task + "/output/search?q=Needle&case=true").json();
        assertThat(exact.get("total").asLong()).isEqualTo(1);
        assertThat(exact.get("lines").get(0).asLong()).isEqualTo(at.get(1));
    }

    @Test
    void manyMatches_arePagedAndCountedAll() {
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("777")) {
                expected.add(i + 1L);
            }
        }
        JsonNode r = admin.get(base + "/tasks/" + task + "/output/search?q=777&offset=5&limit=3").json();
        assertThat(r.get("total").asLong()).isEqualTo(expected.size());
        List<Long> got = new ArrayList<>();
        r.get("lines").forEach(n -> got.add(n.asLong()));
        assertThat(got).isEqualTo(expected.subList(5, 8));
        JsonNode none = admin.get(base + "/tasks/" + task + "/output/search?q=absent-text").json();
        assertThat(none.get("total").asLong()).isZero();
        assertThat(none.get("lines")).isEmpty();
    }

    @Test
    void badQueries_are400WithAMessage_otherProjectsTasks404() {
        for (String q : List.of("", "?q=", "?q=x&limit=5001", "?q=x&offset=-1", "?q=x&case=maybe")) {
            ApiClient.Response r = admin.get(base + "/tasks/" + task + "/output/search" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(q).contains("Query parameter");
        }
        int other = admin.post("/api/projects", Map.of("name", "Other")).json().get("id").asInt();
        assertThat(admin.get("/api/project/" + other + "/tasks/" + task + "/output/search?q=x").status()).isEqualTo(404);
        TestServer.NewUser outsider = server.newUser(false);
        assertThat(outsider.client().get(base + "/tasks/" + task + "/output/search?q=x").status()).isIn(403, 404);
    }

    @Test
    void rawDownload_withTimesAndWithoutAnsiCodes() {
        String plain = admin.get(base + "/tasks/" + task + "/raw_output").body();
        assertThat(plain).contains("\u001b[1m");
        String stripped = admin.get(base + "/tasks/" + task + "/raw_output?ansi=false").body();
        assertThat(stripped).doesNotContain("\u001b").contains("first needle here\n");

        String[] relative = admin.get(base + "/tasks/" + task + "/raw_output?timestamps=relative&ansi=false").body().split("\n");
        assertThat(relative).hasSize(lines.size());
        assertThat(relative).allMatch(l -> l.matches("[+-]\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
        assertThat(relative[relative.length - 1]).endsWith(" " + lines.getLast());

        String[] wall = admin.get(base + "/tasks/" + task + "/raw_output?timestamps=wall").body().split("\n");
        String first = wall[0];
        Instant t = Instant.parse(first.substring(0, first.indexOf(' ')));
        assertThat(t).isBetween(Instant.now().minusSeconds(300), Instant.now());

        assertThat(admin.get(base + "/tasks/" + task + "/raw_output?timestamps=local").status()).isEqualTo(400);
        assertThat(admin.get(base + "/tasks/" + task + "/raw_output?ansi=no").status()).isEqualTo(400);
    }
}
