package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserApiTest extends ServerOnEachDatabase {
    private static Map<String, Object> user(String login) {
        Map<String, Object> m = new HashMap<>();
        m.put("username", login);
        m.put("name", "Name " + login);
        m.put("email", login + "@example.com");
        m.put("password", "secret-" + login);
        return m;
    }

    @Test
    void create_byAdmin_is201_lowercasesLogin_andIgnoresBodyId() {
        Map<String, Object> body = user("NewPerson");
        body.put("id", 999);
        body.put("alert", true);
        ApiClient.Response r = server.admin().post("/api/users", body);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asInt()).isNotEqualTo(999);
        assertThat(r.json().get("username").asText()).isEqualTo("newperson");
        assertThat(r.json().get("alert").asBoolean()).isTrue();
        assertThat(r.json().get("admin").asBoolean()).isFalse();
        assertThat(r.json().has("password")).isFalse();
        assertThat(server.login("newperson", "secret-NewPerson").get("/api/user").status()).isEqualTo(200);
    }

    @Test
    void create_duplicateLoginOrEmail_is409() {
        ApiClient admin = server.admin();
        assertThat(admin.post("/api/users", user("dup1")).status()).isEqualTo(201);
        ApiClient.Response again = admin.post("/api/users", user("dup1"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("dup1");
        Map<String, Object> sameEmail = user("dup2");
        sameEmail.put("email", "dup1@example.com");
        assertThat(admin.post("/api/users", sameEmail).status()).isEqualTo(409);
    }

    @Test
    void create_badInput_is400NamingTheField() {
        ApiClient admin = server.admin();
        Map<String, Object> noName = user("x1");
        noName.remove("name");
        assertThat(admin.post("/api/users", noName).error()).isEqualTo("Field 'name' is required");
        Map<String, Object> badEmail = user("x2");
        badEmail.put("email", "not-an-email");
        assertThat(admin.post("/api/users", badEmail).error()).contains("'email'");
        Map<String, Object> wrongType = user("x3");
        wrongType.put("admin", "yes");
        ApiClient.Response r = admin.post("/api/users", wrongType);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("Field 'admin' must be a boolean (true or false)");
        assertThat(admin.post("/api/users", "{oops").status()).isEqualTo(400);
    }

    @Test
    void create_withoutPassword_isAccepted_butCannotSignInUntilOneIsSet() {
        ApiClient admin = server.admin();
        Map<String, Object> noPassword = user("nopass");
        noPassword.remove("password");
        ApiClient.Response created = admin.post("/api/users", noPassword);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int id = created.json().get("id").asInt();
        assertThat(created.json().get("external").asBoolean()).isFalse();
        for (String attempt : new String[] {"", "secret-nopass"}) {
            ApiClient.Response signIn = server.anonymous().post("/api/auth/login", Map.of("auth", "nopass", "password", attempt));
            assertThat(signIn.status()).as("password '" + attempt + "'").isIn(400, 401);
        }
        Map<String, Object> emptyPassword = user("emptypass");
        emptyPassword.put("password", "");
        assertThat(admin.post("/api/users", emptyPassword).status()).isEqualTo(201);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("auth", "emptypass", "password", "")).status())
                .isEqualTo(400);

        assertThat(admin.post("/api/users/" + id + "/password", Map.of("password", "now-set")).status()).isEqualTo(204);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("auth", "nopass", "password", "now-set")).status())
                .isEqualTo(204);
    }

    @Test
    void create_byNonAdmin_is403() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response r = u.client().post("/api/users", user("sneaky"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).contains("administrators");
    }

    @Test
    void list_adminSeesEverything_othersSeeNamesOnly() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response asAdmin = server.admin().get("/api/users");
        assertThat(asAdmin.json().get(0).has("email")).isTrue();
        ApiClient.Response asUser = u.client().get("/api/users");
        assertThat(asUser.status()).isEqualTo(200);
        assertThat(asUser.json().size()).isEqualTo(asAdmin.json().size());
        assertThat(asUser.json().get(0).has("email")).isFalse();
        assertThat(asUser.json().get(0).has("username")).isTrue();
    }

    @Test
    void get_ownProfileOrAsAdmin_othersTheShortForm_unknown404() {
        TestServer.NewUser a = server.newUser(false);
        TestServer.NewUser b = server.newUser(false);
        assertThat(a.client().get("/api/users/" + a.id()).json().has("email")).isTrue();
        // Semaphore's task log reads the author's name: others get what GET /api/users shows them
        ApiClient.Response other = a.client().get("/api/users/" + b.id());
        assertThat(other.status()).isEqualTo(200);
        java.util.List<String> fields = new java.util.ArrayList<>();
        other.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "username", "name");
        assertThat(a.client().get("/api/users/99999").status()).isEqualTo(404);
        assertThat(server.admin().get("/api/users/" + b.id()).json().get("username").asText()).isEqualTo(b.login());
        assertThat(server.admin().get("/api/users/99999").status()).isEqualTo(404);
        assertThat(server.admin().get("/api/users/abc").status()).isEqualTo(404);
    }

    @Test
    void update_self_changesProfile_butNotOwnAdminFlag() {
        TestServer.NewUser u = server.newUser(false);
        assertThat(u.client().put("/api/users/" + u.id(), Map.of("name", "Renamed", "alert", true)).status()).isEqualTo(204);
        ApiClient.Response me = u.client().get("/api/user");
        assertThat(me.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(me.json().get("alert").asBoolean()).isTrue();
        ApiClient.Response promote = u.client().put("/api/users/" + u.id(), Map.of("admin", true));
        assertThat(promote.status()).isEqualTo(403);
        TestServer.NewUser other = server.newUser(false);
        assertThat(u.client().put("/api/users/" + other.id(), Map.of("name", "Hacked")).status()).isEqualTo(403);
    }

    @Test
    void update_byAdmin_canPromote_andDuplicateEmailIs409() {
        TestServer.NewUser u = server.newUser(false);
        TestServer.NewUser v = server.newUser(false);
        ApiClient admin = server.admin();
        assertThat(admin.put("/api/users/" + u.id(), Map.of("admin", true)).status()).isEqualTo(204);
        assertThat(u.client().get("/api/user").json().get("admin").asBoolean()).isTrue();
        assertThat(admin.put("/api/users/" + u.id(), Map.of("email", v.login() + "@example.com")).status()).isEqualTo(409);
        assertThat(admin.put("/api/users/" + u.id(), Map.of("admin", false)).status()).isEqualTo(204);
    }

    @Test
    void password_change_thenSignInWithTheNewOne() {
        TestServer.NewUser u = server.newUser(false);
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", "brand-new")).status()).isEqualTo(204);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("auth", u.login(), "password", "pw-" + u.login())).status())
                .isEqualTo(401);
        assertThat(server.login(u.login(), "brand-new").get("/api/user").status()).isEqualTo(200);
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", "")).status()).isEqualTo(400);
        TestServer.NewUser other = server.newUser(false);
        assertThat(u.client().post("/api/users/" + other.id() + "/password", Map.of("password", "x")).status()).isEqualTo(403);
    }

    @Test
    void delete_selfOrByAdmin_andNeverTheLastAdmin() {
        TestServer.NewUser u = server.newUser(false);
        TestServer.NewUser v = server.newUser(false);
        assertThat(u.client().delete("/api/users/" + v.id()).status()).isEqualTo(403);
        assertThat(u.client().delete("/api/users/" + u.id()).status()).isEqualTo(204);
        assertThat(u.client().get("/api/user").status()).isEqualTo(401);
        assertThat(server.admin().delete("/api/users/" + v.id()).status()).isEqualTo(204);
        assertThat(server.admin().delete("/api/users/" + v.id()).status()).isEqualTo(404);
        ApiClient.Response lastAdmin = server.admin().delete("/api/users/1");
        assertThat(lastAdmin.status()).isEqualTo(409);
        assertThat(lastAdmin.error()).contains("last administrator");
    }
}
