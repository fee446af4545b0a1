package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthApiTest extends ServerOnEachDatabase {
    @Test
    void ping_isPublicPlainText() {
        ApiClient.Response r = server.anonymous().get("/api/ping");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("pong");
        assertThat(r.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void loginMethods_listPasswordAndOidc() {
        ApiClient.Response r = server.anonymous().get("/api/auth/login");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("login_with_password").asBoolean()).isTrue();
        assertThat(r.json().get("oidc_providers").isArray()).isTrue();
    }

    @Test
    void login_setsHttpOnlySameSiteCookie_andOpensSession() {
        ApiClient c = server.anonymous();
        ApiClient.Response r = c.post("/api/auth/login", Map.of("auth", "admin", "password", TestServer.ADMIN_PASSWORD));
        assertThat(r.status()).isEqualTo(204);
        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith("semaphore=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        assertThat(cookie).doesNotContain("Secure");
        ApiClient.Response me = c.get("/api/user");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo("admin");
        assertThat(me.json().get("admin").asBoolean()).isTrue();
        assertThat(me.json().get("can_create_project").asBoolean()).isTrue();
        assertThat(me.json().has("password")).isFalse();
        assertThat(me.json().get("id").isNumber()).isTrue();
    }

    // Secure cookies behind an https proxy (trusted_proxies): SignInProxyApiTest

    @Test
    void login_byEmail_caseInsensitive() {
        ApiClient c = server.anonymous();
        assertThat(c.post("/api/auth/login", Map.of("auth", "ADMIN@localhost", "password", TestServer.ADMIN_PASSWORD))
                .status()).isEqualTo(204);
        assertThat(c.get("/api/user").status()).isEqualTo(200);
    }

    @Test
    void login_wrongPassword_is401WithJsonError() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response r = server.anonymous().post("/api/auth/login", Map.of("auth", u.login(), "password", "nope"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).isEqualTo("Incorrect login or password");
    }

    @Test
    void login_unknownUser_is401() {
        ApiClient.Response r = server.anonymous().post("/api/auth/login", Map.of("auth", "ghost", "password", "x"));
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void login_missingOrMalformed_is400() {
        ApiClient c = server.anonymous();
        assertThat(c.post("/api/auth/login", Map.of("auth", "admin")).error()).contains("password");
        assertThat(c.post("/api/auth/login", Map.of("password", "x")).status()).isEqualTo(400);
        ApiClient.Response bad = c.post("/api/auth/login", "{\"auth\": \"admin\", ");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("not valid JSON").contains("line 1");
        assertThat(c.post("/api/auth/login", "[1,2]").status()).isEqualTo(400);
        assertThat(c.post("/api/auth/login", Map.of("auth", 5, "password", "x")).error())
                .isEqualTo("Field 'auth' must be a string");
        assertThat(c.send("POST", "/api/auth/login", null).status()).isEqualTo(400);
    }

    @Test
    void login_repeatedFailures_areThrottledWith429() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient c = server.anonymous();
        for (int i = 0; i < 5; i++) {
            assertThat(c.post("/api/auth/login", Map.of("auth", u.login(), "password", "wrong" + i)).status()).isEqualTo(401);
        }
        ApiClient.Response r = c.post("/api/auth/login", Map.of("auth", u.login(), "password", "pw-" + u.login()));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.error()).contains("Too many failed sign-in attempts");
        assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
    }

    @Test
    void logout_endsTheSessionForGood() {
        ApiClient c = server.admin();
        var cookie = c.cookies().getCookieStore().getCookies().getFirst();
        assertThat(c.post("/api/auth/logout", "{}").status()).isEqualTo(204);
        assertThat(c.get("/api/user").status()).isEqualTo(401);
        // Replaying the old cookie value does not work either: the session row is expired.
        ApiClient replay = server.anonymous();
        replay.cookies().getCookieStore().add(java.net.URI.create(server.baseUrl()), cookie);
        assertThat(replay.get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void forgedCookie_isRejected() {
        ApiClient c = server.anonymous();
        var forged = new java.net.HttpCookie("semaphore", "AAAAAQAAAAE.aGVsbG8");
        forged.setPath("/");
        c.cookies().getCookieStore().add(java.net.URI.create(server.baseUrl()), forged);
        assertThat(c.get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void protectedRoute_withoutCredentials_is401Json() {
        ApiClient.Response r = server.anonymous().get("/api/projects");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).contains("Not signed in");
    }

    @Test
    void apiToken_authenticates_caseInsensitively_untilExpired() {
        ApiClient admin = server.admin();
        ApiClient.Response created = admin.post("/api/user/tokens", "{}");
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("id").asText();
        assertThat(created.json().get("expired").asBoolean()).isFalse();
        assertThat(created.json().get("user_id").asInt()).isEqualTo(1);
        assertThat(token).isEqualTo(token.toLowerCase(Locale.ROOT)).hasSizeGreaterThan(40);

        assertThat(server.anonymous().withBearer(token).get("/api/user").status()).isEqualTo(200);
        assertThat(server.anonymous().withBearer(token.toUpperCase(Locale.ROOT)).get("/api/user").status()).isEqualTo(200);

        ApiClient.Response list = admin.get("/api/user/tokens");
        assertThat(list.json()).hasSizeGreaterThanOrEqualTo(1);
        assertThat(list.body()).doesNotContain(token);

        assertThat(admin.delete("/api/user/tokens/" + token).status()).isEqualTo(204);
        assertThat(server.anonymous().withBearer(token).get("/api/user").status()).isEqualTo(401);
        assertThat(admin.delete("/api/user/tokens/not-a-token").status()).isEqualTo(404);
    }

    @Test
    void apiToken_isNotStoredInPlaintext() {
        String token = server.admin().post("/api/user/tokens", "{}").json().get("id").asText();
        int plain = server.services().db().read(h -> h.createQuery("SELECT COUNT(*) FROM user__token WHERE id = :t")
                .bind("t", token).mapTo(Integer.class).one());
        assertThat(plain).isZero();
    }

    @Test
    void paths_workWithAndWithoutTrailingSlash() {
        ApiClient admin = server.admin();
        assertThat(admin.get("/api/user/").status()).isEqualTo(200);
        assertThat(admin.get("/api/user").status()).isEqualTo(200);
        assertThat(admin.get("/api/projects/").status()).isEqualTo(200);
    }

    @Test
    void unknownRoute_is404Json() {
        ApiClient.Response r = server.admin().get("/api/no/such/thing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).contains("/api/no/such/thing");
    }

    @Test
    void info_reportsVersion() {
        ApiClient.Response r = server.admin().get("/api/info");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("version")).isTrue();
        assertThat(r.json().has("ansible")).isTrue();
        assertThat(r.json().get("use_remote_runner").asBoolean()).isFalse();
    }
}
