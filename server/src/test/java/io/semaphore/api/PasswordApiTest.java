package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new password ends the user's other ways in (sessions and API tokens), however it is set; and passwords bcrypt
 * cannot take whole (over 72 bytes of UTF-8) are a 400 naming the limit wherever a password is set or checked.
 */
class PasswordApiTest extends ServerOnEachDatabase {
    static final String TOO_LONG = "Password is longer than 72 bytes, bcrypt's limit; use a shorter one";

    /** Another browser and a script of the same user, both signed in. */
    record OtherWaysIn(ApiClient browser, ApiClient script) {
        void assertSignedIn() {
            assertThat(browser.get("/api/user").status()).as("other session").isEqualTo(200);
            assertThat(script.get("/api/user").status()).as("API token").isEqualTo(200);
        }

        void assertSignedOut() {
            assertThat(browser.get("/api/user").status()).as("other session").isEqualTo(401);
            assertThat(script.get("/api/user").status()).as("API token").isEqualTo(401);
        }
    }

    static OtherWaysIn otherWaysIn(TestServer.NewUser u) {
        ApiClient browser = server.login(u.login(), "pw-" + u.login());
        ApiClient.Response token = browser.post("/api/user/tokens", "{}");
        assertThat(token.status()).isEqualTo(201);
        OtherWaysIn ways = new OtherWaysIn(browser, server.anonymous().withBearer(token.json().get("id").asText()));
        ways.assertSignedIn();
        return ways;
    }

    static Map<String, Object> profile(TestServer.NewUser u, String password) {
        Map<String, Object> m = new HashMap<>();
        m.put("username", u.login());
        m.put("name", "User " + u.login());
        m.put("email", u.login() + "@example.com");
        m.put("password", password);
        return m;
    }

    @Test
    void ownPasswordChange_endsOtherSessionsAndTokens_butNotTheSessionThatMadeIt() {
        TestServer.NewUser u = server.newUser(false);
        OtherWaysIn others = otherWaysIn(u);
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", "new-pw-1")).status()).isEqualTo(204);
        others.assertSignedOut();
        assertThat(u.client().get("/api/user").status()).as("the session that changed it").isEqualTo(200);
        server.login(u.login(), "new-pw-1");
    }

    @Test
    void ownPasswordChangeThroughProfileUpdate_endsOtherSessionsAndTokens() {
        TestServer.NewUser u = server.newUser(false);
        OtherWaysIn others = otherWaysIn(u);
        assertThat(u.client().put("/api/users/" + u.id(), profile(u, "new-pw-2")).status()).isEqualTo(204);
        others.assertSignedOut();
        assertThat(u.client().get("/api/user").status()).isEqualTo(200);
        server.login(u.login(), "new-pw-2");
    }

    @Test
    void profileUpdateWithoutAPassword_keepsEverySession() {
        TestServer.NewUser u = server.newUser(false);
        OtherWaysIn others = otherWaysIn(u);
        assertThat(u.client().put("/api/users/" + u.id(), profile(u, "")).status()).isEqualTo(204);
        Map<String, Object> noPassword = profile(u, null);
        noPassword.remove("password");
        assertThat(u.client().put("/api/users/" + u.id(), noPassword).status()).isEqualTo(204);
        others.assertSignedIn();
    }

    @Test
    void adminChangingSomeoneElsesPassword_endsAllOfTheirSessionsAndTokens() {
        ApiClient admin = server.admin();
        TestServer.NewUser u = server.newUser(false);
        OtherWaysIn others = otherWaysIn(u);
        assertThat(admin.post("/api/users/" + u.id() + "/password", Map.of("password", "set-by-admin")).status()).isEqualTo(204);
        others.assertSignedOut();
        assertThat(u.client().get("/api/user").status()).as("the user's own first session too").isEqualTo(401);
        assertThat(admin.get("/api/user").status()).isEqualTo(200);

        TestServer.NewUser v = server.newUser(false);
        OtherWaysIn hers = otherWaysIn(v);
        assertThat(admin.put("/api/users/" + v.id(), profile(v, "set-by-admin-2")).status()).isEqualTo(204);
        hers.assertSignedOut();
        assertThat(v.client().get("/api/user").status()).isEqualTo(401);
        assertThat(admin.get("/api/user").status()).isEqualTo(200);
    }

    @Test
    void passwordChangeMadeWithAToken_endsEveryTokenAndSession() {
        TestServer.NewUser u = server.newUser(false);
        OtherWaysIn others = otherWaysIn(u);
        assertThat(others.script().post("/api/users/" + u.id() + "/password", Map.of("password", "by-script")).status())
                .isEqualTo(204);
        others.assertSignedOut();
        assertThat(u.client().get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void aRefusedPasswordChange_endsNothing() {
        TestServer.NewUser u = server.newUser(false);
        OtherWaysIn others = otherWaysIn(u);
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", "")).status()).isEqualTo(400);
        others.assertSignedIn();
    }

    @Test
    void passwordsOver72Bytes_are400NamingTheLimit_everywhere() {
        ApiClient admin = server.admin();
        String ascii73 = "a".repeat(73);
        String ascii72 = "b".repeat(72);
        // 37 characters, but 74 bytes in UTF-8: bytes count, not characters
        String accented74 = "é".repeat(37);
        String accented72 = "é".repeat(36);

        for (String tooLong : new String[] {ascii73, accented74}) {
            Map<String, Object> create = new HashMap<>(Map.of("username", "long" + tooLong.length(), "name", "L",
                    "email", "long" + tooLong.length() + "@example.com", "password", tooLong));
            ApiClient.Response r = admin.post("/api/users", create);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.error()).isEqualTo(TOO_LONG);
        }

        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response put = u.client().put("/api/users/" + u.id(), Map.of("username", u.login(), "name", "Renamed",
                "email", u.login() + "@example.com", "password", ascii73));
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        assertThat(put.error()).isEqualTo(TOO_LONG);
        assertThat(admin.get("/api/users/" + u.id()).json().get("name").asText()).as("nothing changed").isEqualTo("User " + u.login());

        ApiClient.Response change = u.client().post("/api/users/" + u.id() + "/password", Map.of("password", accented74));
        assertThat(change.status()).as(change.body()).isEqualTo(400);
        assertThat(change.error()).isEqualTo(TOO_LONG);

        ApiClient.Response login = server.anonymous().post("/api/auth/login", Map.of("auth", u.login(), "password", ascii73));
        assertThat(login.status()).as(login.body()).isEqualTo(400);
        assertThat(login.error()).isEqualTo(TOO_LONG);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("auth", "nobody-at-all", "password", accented74)).error())
                .isEqualTo(TOO_LONG);

        // Exactly 72 bytes is allowed and signs in.
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", ascii72)).status()).isEqualTo(204);
        server.login(u.login(), ascii72);
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", accented72)).status()).isEqualTo(204);
        server.login(u.login(), accented72);
    }
}
