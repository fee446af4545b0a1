package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewApiTest extends ServerOnEachDatabase {
    @Test
    void crud_andPositions() {
        ApiClient admin = server.admin();
        int p = admin.post("/api/projects", Map.of("name", "Views")).json().get("id").asInt();
        String base = "/api/project/" + p + "/views";
        ApiClient.Response a = admin.post(base, Map.of("title", "Build", "position", 0));
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().get("project_id").asInt()).isEqualTo(p);
        int b = admin.post(base, Map.of("title", "Deploy", "position", 1)).json().get("id").asInt();
        int aId = a.json().get("id").asInt();
        assertThat(admin.post(base + "/positions", Map.of(String.valueOf(aId), 5, String.valueOf(b), 2)).status()).isEqualTo(204);
        assertThat(admin.get(base).json().get(0).get("title").asText()).isEqualTo("Deploy");
        assertThat(admin.put(base + "/" + b, Map.of("title", "Release")).status()).isEqualTo(204);
        assertThat(admin.get(base + "/" + b).json().get("title").asText()).isEqualTo("Release");
        assertThat(admin.post(base, Map.of()).error()).isEqualTo("Field 'title' is required");
        assertThat(admin.post(base + "/positions", Map.of("999999", 1)).status()).isEqualTo(404);
        assertThat(admin.post(base + "/positions", Map.of("x", 1)).status()).isEqualTo(400);
        assertThat(admin.delete(base + "/" + b).status()).isEqualTo(204);
        assertThat(admin.get(base + "/" + b).status()).isEqualTo(404);
        TestServer.NewUser guest = server.newUser(false);
        admin.post("/api/project/" + p + "/users", Map.of("user_id", guest.id(), "role", "guest"));
        assertThat(guest.client().get(base).status()).isEqualTo(200);
        assertThat(guest.client().post(base, Map.of("title", "g")).status()).isEqualTo(403);
    }
}
