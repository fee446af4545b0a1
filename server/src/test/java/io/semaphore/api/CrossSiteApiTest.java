package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-site request forgery: a page on another site can make the browser send its session cookie with a POST
 * (form bodies or text/plain only). Such requests are refused by their Origin (or Referer), and bodies that are
 * not JSON are refused whatever their origin; API tokens are not affected.
 */
class CrossSiteApiTest extends ServerOnEachDatabase {
    static final String EVIL = "http://evil.example";

    static Map<String, String> origin(String origin) {
        return Map.of("Origin", origin);
    }

    int keyCount(ApiClient c, int project) {
        return c.get("/api/project/" + project + "/keys").json().size();
    }

    @Test
    void cookiePostsFromAnotherSite_are403_andChangeNothing() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "csrf");
        int keys = keyCount(admin, p);
        // What a form with enctype="text/plain" can send: a JSON-looking body
        ApiClient.Response key = admin.send("POST", "/api/project/" + p + "/keys", "text/plain",
                "{\"name\": \"planted\", \"type\": \"none\", \"project_id\": " + p + "}", origin(EVIL));
        assertThat(key.status()).as(key.body()).isEqualTo(403);
        assertThat(key.error()).contains("Cross-site request refused").contains(EVIL).contains(server.baseUrl());
        assertThat(keyCount(admin, p)).isEqualTo(keys);

        ApiClient.Response json = admin.send("POST", "/api/project/" + p + "/keys", "application/json",
                "{\"name\": \"planted\", \"type\": \"none\"}", origin(EVIL));
        assertThat(json.status()).as(json.body()).isEqualTo(403);

        ApiClient.Response task = admin.send("POST", "/api/project/" + p + "/tasks", "application/x-www-form-urlencoded",
                "template_id=1", origin(EVIL));
        assertThat(task.status()).isEqualTo(403);

        int tokens = admin.get("/api/user/tokens").json().size();
        ApiClient.Response token = admin.send("POST", "/api/user/tokens", null, null, origin(EVIL));
        assertThat(token.status()).isEqualTo(403);
        assertThat(admin.get("/api/user/tokens").json().size()).isEqualTo(tokens);

        assertThat(admin.send("DELETE", "/api/project/" + p, null, null, origin(EVIL)).status()).isEqualTo(403);
        assertThat(admin.send("PUT", "/api/project/" + p, "application/json", "{\"name\": \"x\"}", origin(EVIL)).status())
                .isEqualTo(403);
        // Sandboxed frames and some redirects send "null"
        assertThat(admin.send("POST", "/api/user/tokens", null, null, origin("null")).status()).isEqualTo(403);
        // Without Origin, the Referer tells
        ApiClient.Response referer = admin.send("POST", "/api/user/tokens", null, null,
                Map.of("Referer", "https://evil.example/page?x=1"));
        assertThat(referer.status()).isEqualTo(403);
        assertThat(referer.error()).contains("Referer").contains("https://evil.example");
        assertThat(admin.get("/api/project/" + p).status()).as("the project is still there").isEqualTo(200);
    }

    @Test
    void signInAndSignOutFromAnotherSite_are403() {
        ApiClient c = server.anonymous();
        ApiClient.Response login = c.send("POST", "/api/auth/login", "application/json",
                "{\"auth\": \"admin\", \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}", origin(EVIL));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.header("Set-Cookie")).isNull();

        ApiClient admin = server.admin();
        assertThat(admin.send("POST", "/api/auth/logout", null, null, origin(EVIL)).status()).isEqualTo(403);
        assertThat(admin.get("/api/user").status()).as("still signed in").isEqualTo(200);
    }

    @Test
    void requestsFromThisServersOwnPages_pass() {
        ApiClient c = server.anonymous();
        ApiClient.Response login = c.send("POST", "/api/auth/login", "application/json; charset=UTF-8",
                "{\"auth\": \"admin\", \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}", origin(server.baseUrl()));
        assertThat(login.status()).as(login.body()).isEqualTo(204);
        assertThat(c.send("POST", "/api/projects", "application/json", "{\"name\": \"same-origin\"}",
                origin(server.baseUrl())).status()).isEqualTo(201);
        assertThat(c.send("POST", "/api/user/tokens", null, null,
                Map.of("Referer", server.baseUrl() + "/project/1/keys")).status()).isEqualTo(201);
        // Reads are not refused: the browser does not let the other site see the answer.
        assertThat(c.send("GET", "/api/projects", null, null, origin(EVIL)).status()).isEqualTo(200);
        assertThat(c.send("POST", "/api/auth/logout", null, null, origin(server.baseUrl())).status()).isEqualTo(204);
    }

    @Test
    void bodiesThatAreNotJson_are415_evenWithoutOrigin() {
        ApiClient admin = server.admin();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            ApiClient.Response r = admin.send("POST", "/api/projects", type, "{\"name\": \"plain\"}", Map.of());
            assertThat(r.status()).as(type + ": " + r.body()).isEqualTo(415);
            assertThat(r.error()).contains("must be JSON").contains("application/json").contains(type.split(";")[0]);
        }
        ApiClient.Response none = admin.send("POST", "/api/projects", null, "{\"name\": \"untyped\"}", Map.of());
        assertThat(none.status()).isEqualTo(415);
        assertThat(none.error()).contains("no Content-Type");
        ApiClient.Response login = server.anonymous().send("POST", "/api/auth/login", "text/plain",
                "{\"auth\": \"admin\", \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}", Map.of());
        assertThat(login.status()).isEqualTo(415);
        assertThat(admin.get("/api/projects").body()).doesNotContain("plain").doesNotContain("untyped");
        // JSON types with parameters or a +json suffix are JSON
        assertThat(admin.send("POST", "/api/projects", "application/json;charset=utf-8", "{\"name\": \"j1\"}", Map.of())
                .status()).isEqualTo(201);
        assertThat(admin.send("POST", "/api/projects", "application/merge-patch+json", "{\"name\": \"j2\"}", Map.of())
                .status()).isEqualTo(201);
    }

    @Test
    void apiTokens_areNotAffected() {
        String token = server.admin().post("/api/user/tokens", "{}").json().get("id").asText();
        ApiClient script = server.anonymous().withBearer(token);
        ApiClient.Response r = script.send("POST", "/api/projects", "application/x-www-form-urlencoded",
                "{\"name\": \"from-a-script\"}", origin(EVIL));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(script.send("POST", "/api/user/tokens", null, null, origin(EVIL)).status()).isEqualTo(201);
    }

    @Test
    void forwardedHostFromAnUntrustedPeer_doesNotMakeAnotherOriginOurs() {
        ApiClient admin = server.admin();
        ApiClient.Response r = admin.send("POST", "/api/user/tokens", null, null, Map.of("Origin", "https://evil.example",
                "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"));
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void withWebHost_theOriginMustBeWebHosts() {
        // http: with https the cookie would be Secure, and this test's client would not send it over http
        try (TestServer behind = TestServer.start(db, c -> c.put("web_host", "http://semaphore.example.com:8080/sem/"))) {
            ApiClient admin = behind.admin();
            assertThat(admin.send("POST", "/api/user/tokens", null, null, origin("http://semaphore.example.com:8080")).status())
                    .isEqualTo(201);
            assertThat(admin.send("POST", "/api/user/tokens", null, null, origin("HTTP://Semaphore.Example.com:8080")).status())
                    .isEqualTo(201);
            ApiClient.Response direct = admin.send("POST", "/api/user/tokens", null, null, origin(behind.baseUrl()));
            assertThat(direct.status()).isEqualTo(403);
            assertThat(direct.error()).contains("http://semaphore.example.com:8080").contains("web_host");
        }
    }

    @Test
    void liveSocketFromAnotherSite_isRefused_fromOurPages_accepted() throws Exception {
        ApiClient admin = server.admin();
        String cookie = admin.cookies().getCookieStore().getCookies().stream()
                .filter(k -> k.getName().equals("semaphore")).findFirst().orElseThrow().getValue();
        URI ws = URI.create(server.baseUrl().replace("http", "ws") + "/api/ws");
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", "semaphore=" + cookie)
                .header("Origin", EVIL).buildAsync(ws, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
        WebSocket ok = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", "semaphore=" + cookie)
                .header("Origin", server.baseUrl()).buildAsync(ws, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
        ok.abort();
    }
}
