package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.FakeTerraform;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A plan waiting for a person, through the API and on each database: waiting_confirmation, then confirm (applied),
 * reject (rejected) or stop (stopped); a plan without changes never waits. The terraform binary is a stand-in
 * script set through config.json's {@code apps.terraform.path} (terraform cannot be installed here; with it,
 * {@link TerraformTaskTest} runs the same flow on the real one).
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class PlanConfirmationTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static ApiClient admin;
    static Path state;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) throws IOException {
        Path bin = Files.createTempDirectory("fake-terraform-");
        FakeTerraform fake = FakeTerraform.in(bin);
        state = fake.state();
        Path terraform = fake.binary();
        server = TestServer.start(db, c -> c.putObject("apps").putObject("terraform").put("path", terraform.toString()));
        admin = server.admin();
    }

    @AfterParameterizedClassInvocation
    static void stop() throws IOException {
        server.close();
        deleteState();
        Files.deleteIfExists(state.resolveSibling("terraform"));
        Files.deleteIfExists(state.getParent());
    }

    @Test
    void confirm_applies_noChanges_doesNotWait_reject_andStop_endTheWait() throws Exception {
        int p = admin.post("/api/projects", Map.of("name", "plans")).json().get("id").asInt();
        String base = "/api/project/" + p;
        Path repo = GitRepos.create(server.dir(), "plans-" + p, Map.of("main.tf", "# the stand-in reads nothing\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", none));
        int repoId = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int tpl = admin.post(base + "/templates", Map.of("name", "infra", "app", "terraform", "repository_id", repoId))
                .json().get("id").asInt();
        deleteState();

        long first = run(base, tpl, "one");
        assertThat(await(base, first, Set.of("waiting_confirmation"))).isEqualTo("waiting_confirmation");
        assertThat(admin.post(base + "/tasks/" + first + "/confirm", "{}").status()).isEqualTo(204);
        assertThat(await(base, first, Set.of("success", "error"))).isEqualTo("success");
        assertThat(admin.get(base + "/tasks/" + first + "/raw_output").body()).contains("Plan: 1 to add", "Apply complete!");
        assertThat(admin.post(base + "/tasks/" + first + "/confirm", "{}").status()).isEqualTo(409);

        long unchanged = run(base, tpl, "one");
        assertThat(await(base, unchanged, Set.of("success", "error", "waiting_confirmation"))).isEqualTo("success");
        assertThat(admin.get(base + "/tasks/" + unchanged + "/raw_output").body()).contains("No changes.")
                .doesNotContain("Apply complete!");

        long rejected = run(base, tpl, "two");
        assertThat(await(base, rejected, Set.of("waiting_confirmation"))).isEqualTo("waiting_confirmation");
        assertThat(admin.post(base + "/tasks/" + rejected + "/reject", "{}").status()).isEqualTo(204);
        assertThat(await(base, rejected, Set.of("rejected", "stopped", "error", "success"))).isEqualTo("rejected");
        assertThat(admin.get(base + "/tasks/" + rejected + "/raw_output").body()).doesNotContain("Apply complete!");

        long stopped = run(base, tpl, "three");
        assertThat(await(base, stopped, Set.of("waiting_confirmation"))).isEqualTo("waiting_confirmation");
        assertThat(admin.post(base + "/tasks/" + stopped + "/stop", "{}").status()).isEqualTo(204);
        assertThat(await(base, stopped, Set.of("stopped", "rejected", "error", "success"))).isEqualTo("stopped");
        assertThat(Files.readString(state).strip()).isEqualTo("greeting=one"); // only the confirmed plan was applied
    }

    long run(String base, int tpl, String greeting) {
        ApiClient.Response r = admin.post(base + "/tasks", Map.of("template_id", tpl,
                "environment", "{\"greeting\": \"" + greeting + "\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    String await(String base, long id, Set<String> statuses) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode t = null;
        while (System.currentTimeMillis() < deadline) {
            t = admin.get(base + "/tasks/" + id).json();
            if (statuses.contains(t.get("status").asText())) {
                return t.get("status").asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + id + " never reached " + statuses + "; last: " + t + "\n"
                + admin.get(base + "/tasks/" + id + "/raw_output").body());
    }

    static void deleteState() {
        try {
            Files.deleteIfExists(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
