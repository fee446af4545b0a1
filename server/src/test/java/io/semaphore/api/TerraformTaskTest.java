package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real terraform run through the API: plan, wait for a person, confirm (apply) or reject. Skipped only where
 * terraform is absent (it is not a Debian package); the task logic is database-independent, so SQLite.
 */
class TerraformTaskTest {
    static TestServer server;
    static ApiClient admin;
    static String base;
    static int template;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(Path.of("/usr/local/bin/terraform")) || Files.isExecutable(Path.of("/usr/bin/terraform"));
        assumeTrue(present, "terraform is not installed; the terraform task test needs it");
        server = TestServer.start(DbKind.SQLITE);
        admin = server.admin();
        int p = admin.post("/api/projects", Map.of("name", "tf")).json().get("id").asInt();
        base = "/api/project/" + p;
        Path repo = GitRepos.create(server.dir(), "tf-repo", Map.of("main.tf", """
                variable "greeting" {
                  type    = string
                  default = "hello"
                }
                resource "terraform_data" "example" {
                  input = var.greeting
                }
                output "greeting" {
                  value = terraform_data.example.output
                }
                """));
        int key = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "tf", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", key));
        int repoId = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        template = admin.post(base + "/templates", Map.of("name", "infra", "app", "terraform", "repository_id", repoId))
                .json().get("id").asInt();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode await(long id, Predicate<String> status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        JsonNode t = null;
        while (Instant.now().isBefore(deadline)) {
            t = admin.get(base + "/tasks/" + id).json();
            if (status.test(t.get("status").asText())) {
                return t;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("task " + id + " stuck: " + t + " " + admin.get(base + "/tasks/" + id + "/output").body());
    }

    @Test
    void plan_waitsForConfirmation_thenApplies_thenNoChanges_andRejectStops() throws InterruptedException {
        long first = admin.post(base + "/tasks", Map.of("template_id", template)).json().get("id").asLong();
        await(first, s -> s.equals("waiting_confirmation"));
        assertThat(admin.post(base + "/tasks/" + first + "/confirm", "{}").status()).isEqualTo(204);
        JsonNode done = await(first, s -> s.equals("success") || s.equals("error"));
        String out = admin.get(base + "/tasks/" + first + "/output").body();
        assertThat(done.get("status").asText()).as(out).isEqualTo("success");
        assertThat(out).contains("Apply complete");
        assertThat(admin.post(base + "/tasks/" + first + "/confirm", "{}").status()).isEqualTo(409);

        long second = admin.post(base + "/tasks", Map.of("template_id", template)).json().get("id").asLong();
        assertThat(await(second, s -> s.equals("success") || s.equals("error") || s.equals("waiting_confirmation"))
                .get("status").asText()).isEqualTo("success");

        admin.put(base + "/templates/" + template, Map.of("name", "infra", "app", "terraform",
                "repository_id", admin.get(base + "/templates/" + template).json().get("repository_id").asInt()));
        long third = admin.post(base + "/tasks", Map.of("template_id", template,
                "environment", "{\"greeting\": \"changed\"}")).json().get("id").asLong();
        JsonNode waiting = await(third, s -> s.equals("waiting_confirmation") || s.equals("success") || s.equals("error"));
        assertThat(waiting.get("status").asText()).as(admin.get(base + "/tasks/" + third + "/output").body())
                .isEqualTo("waiting_confirmation");
        assertThat(admin.post(base + "/tasks/" + third + "/reject", "{}").status()).isEqualTo(204);
        assertThat(await(third, s -> s.equals("rejected") || s.equals("stopped") || s.equals("error")).get("status").asText())
                .isEqualTo("rejected");
    }
}
