package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every JSON body of the API is read one way (api.Bodies): what cannot be meant is refused, not guessed. */
class RequestBodyApiTest extends ServerOnEachDatabase {

    private static int projectCount(ApiClient admin) {
        return admin.get("/api/projects").json().size();
    }

    @Test
    void nullBody_is400_onEveryKindOfRoute() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Null bodies");
        for (String path : new String[] {"/api/projects/restore", "/api/projects", "/api/project/" + p + "/users",
                "/api/project/" + p + "/environment", "/api/project/" + p + "/views/positions"}) {
            ApiClient.Response r = admin.post(path, "null");
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(400);
            assertThat(r.error()).as(path).isEqualTo("The request body is null; send a JSON object");
        }
    }

    @Test
    void decimalNumber_forAnId_isRefused_notCutToAnotherId() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Decimals");
        TestServer.NewUser u = server.newUser(false);
        String users = "/api/project/" + p + "/users";
        for (String number : new String[] {u.id() + ".5", u.id() + ".0", u.id() + "e0"}) {
            ApiClient.Response r = admin.post(users, "{\"user_id\": " + number + ", \"role\": \"guest\"}");
            assertThat(r.status()).as(number).isEqualTo(400);
            assertThat(r.error()).isEqualTo("Field 'user_id' must be a whole number");
        }
        assertThat(admin.get(users).json()).as("nobody was added").hasSize(1);
        assertThat(admin.put("/api/project/" + p, "{\"max_parallel_tasks\": 2.5}").error())
                .isEqualTo("Field 'max_parallel_tasks' must be a whole number");
        assertThat(admin.post(users, "{\"user_id\": " + u.id() + ", \"role\": \"guest\"}").status()).isEqualTo(204);
    }

    @Test
    void decimalNumber_inAFreeFormValue_isKept() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Floats");
        int repo = server.services().db().tx(h -> h.createUpdate("INSERT INTO project__repository (project_id, name,"
                        + " git_url, ssh_key_id) VALUES (:p, 'repo', '/srv/repo', (SELECT id FROM access_key WHERE"
                        + " project_id = :p AND name = 'None'))").bind("p", p)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        ApiClient.Response r = admin.post("/api/project/" + p + "/templates", "{\"name\": \"Tuned\", \"app\": \"bash\","
                + " \"playbook\": \"run.sh\", \"repository_id\": " + repo + ", \"task_params\": {\"ratio\": 1.5}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode stored = admin.get("/api/project/" + p + "/templates/" + r.json().get("id").asInt()).json();
        assertThat(stored.get("task_params").get("ratio").asDouble()).isEqualTo(1.5);
    }

    @Test
    void bodyThatIsNotUtf8_is400NamingTheByte_andNothingIsStored() {
        ApiClient admin = server.admin();
        int before = projectCount(admin);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"name\": \"caf".getBytes(StandardCharsets.UTF_8));
        body.write(0xE9); // "é" in ISO-8859-1: not UTF-8
        body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        ApiClient.Response r = admin.send("POST", "/api/projects", body.toByteArray());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("The request body is not valid UTF-8 (at byte offset 13 of 16); send JSON encoded as UTF-8");
        assertThat(projectCount(admin)).isEqualTo(before);

        ApiClient.Response ok = admin.send("POST", "/api/projects",
                "{\"name\": \"café ✓ 😀\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("name").asText()).isEqualTo("café ✓ 😀");

        TestServer.NewUser u = server.newUser(false);
        byte[] password = "{\"password\": \"pa\u00ffss\"}".getBytes(StandardCharsets.ISO_8859_1);
        ApiClient.Response bad = admin.send("POST", "/api/users/" + u.id() + "/password", password);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).startsWith("The request body is not valid UTF-8");
        assertThat(server.anonymous().post("/api/auth/login", Map.of("auth", u.login(), "password", "pw-" + u.login()))
                .status()).as("the password was not changed").isEqualTo(204);
    }
}
