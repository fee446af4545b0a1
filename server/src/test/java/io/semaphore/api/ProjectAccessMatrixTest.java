package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every project role against every project route: allowed or refused as Semaphore does (guests read, task
 * runners run, managers manage resources, owners also update the project and its team). Runs on SQLite: the rule
 * lives in one place ({@link AccessFilter}) and does not depend on the database.
 */
class ProjectAccessMatrixTest {
    enum Role { OWNER, MANAGER, TASK_RUNNER, GUEST, OUTSIDER }

    record Route(String method, String path, Object body, Role weakestAllowed) {}

    static TestServer server;
    static int project;
    static final Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
    static int spareUser;

    @BeforeAll
    static void start() {
        server = TestServer.start(DbKind.SQLITE);
        ApiClient admin = server.admin();
        for (Role r : Role.values()) {
            TestServer.NewUser u = server.newUser(false);
            clients.put(r, u.client());
        }
        TestServer.NewUser owner = server.newUser(false);
        spareUser = server.newUser(false).id();
        project = admin.post("/api/projects", Map.of("name", "Matrix")).json().get("id").asInt();
        int i = 0;
        for (Role r : List.of(Role.OWNER, Role.MANAGER, Role.TASK_RUNNER, Role.GUEST)) {
            int id = clients.get(r).get("/api/user").json().get("id").asInt();
            admin.post("/api/project/" + project + "/users", Map.of("user_id", id, "role", r.name().toLowerCase()));
            i++;
        }
        admin.post("/api/project/" + project + "/users", Map.of("user_id", owner.id(), "role", "owner"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> matrix() {
        String p = "/api/project/{p}";
        List<Route> routes = List.of(
                new Route("GET", p, null, Role.GUEST),
                new Route("GET", p + "/role", null, Role.GUEST),
                new Route("GET", p + "/users", null, Role.GUEST),
                new Route("GET", p + "/events", null, Role.GUEST),
                new Route("PUT", p, Map.of("name", "Matrix"), Role.OWNER),
                new Route("POST", p + "/users", Map.of("user_id", "{spare}", "role", "guest"), Role.OWNER),
                new Route("PUT", p + "/users/{spare}", Map.of("role", "guest"), Role.OWNER),
                new Route("DELETE", p + "/users/{spare}", null, Role.OWNER));
        return routes.stream().flatMap(route -> Stream.of(Role.values()).map(role -> Arguments.of(role, route)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void role_isAllowedOrRefused(Role role, Route route) {
        String path = route.path().replace("{p}", String.valueOf(project)).replace("{spare}", String.valueOf(spareUser));
        Object body = route.body() instanceof Map<?, ?> m && "{spare}".equals(m.get("user_id"))
                ? Map.of("user_id", spareUser, "role", "guest") : route.body();
        // Make the spare user's membership match what the route needs, so only the role decides.
        ApiClient admin = server.admin();
        admin.delete("/api/project/" + project + "/users/" + spareUser);
        if (!route.method().equals("POST") && route.path().contains("{spare}")) {
            admin.post("/api/project/" + project + "/users", Map.of("user_id", spareUser, "role", "guest"));
        }
        ApiClient.Response r = clients.get(role).send(route.method(), path, body);
        boolean allowed = role != Role.OUTSIDER && role.ordinal() <= route.weakestAllowed().ordinal();
        if (role == Role.OUTSIDER) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
        } else if (allowed) {
            assertThat(r.status()).as(r.body()).isBetween(200, 204);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().get("error").asText()).contains("role");
        }
    }
}
