package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * An open live socket ends as soon as the session or API token it was opened with does: sign-out, token deleted,
 * password changed, user deleted, session expired, also when that happens on another server node.
 */
class LiveSocketRevocationTest extends ServerOnEachDatabase {
    /** What this node tells at once: well under the periodic re-check. */
    static final long AT_ONCE_MS = 1_500;
    /** The periodic re-check, with room for a slow database. */
    static final long RECHECK_MS = LiveSocket.RECHECK_EVERY.toMillis() * 3 + 2_000;

    /** A socket and how it was closed. */
    record Live(WebSocket socket, CompletableFuture<Integer> closed) {
        int closedWithin(long ms) throws Exception {
            return closed.get(ms, TimeUnit.MILLISECONDS);
        }

        void assertStillOpen(long ms) throws Exception {
            try {
                int code = closed.get(ms, TimeUnit.MILLISECONDS);
                throw new AssertionError("the socket was closed with " + code);
            } catch (TimeoutException expected) {
                assertThat(socket.isInputClosed()).isFalse();
            }
        }
    }

    static Live open(TestServer node, String header, String value) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                closed.complete(code);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header(header, value)
                .buildAsync(URI.create(node.baseUrl().replace("http", "ws") + "/api/ws"), listener).get(10, TimeUnit.SECONDS);
        return new Live(ws, closed);
    }

    static Live openWithSession(TestServer node, ApiClient c) throws Exception {
        String cookie = c.cookies().getCookieStore().getCookies().stream()
                .filter(k -> k.getName().equals("semaphore")).findFirst().orElseThrow().getValue();
        return open(node, "Cookie", "semaphore=" + cookie);
    }

    static Live openWithToken(TestServer node, String token) throws Exception {
        return open(node, "Authorization", "Bearer " + token);
    }

    static String token(ApiClient c) {
        return c.post("/api/user/tokens", "{}").json().get("id").asText();
    }

    @Test
    void signOut_closesTheSessionsSocket_atOnce() throws Exception {
        TestServer.NewUser u = server.newUser(false);
        Live live = openWithSession(server, u.client());
        assertThat(u.client().post("/api/auth/logout", "{}").status()).isEqualTo(204);
        assertThat(live.closedWithin(AT_ONCE_MS)).isEqualTo(4401);
    }

    @Test
    void deletingAToken_closesItsSocket_atOnce_andOnlyItsSocket() throws Exception {
        TestServer.NewUser u = server.newUser(false);
        String token = token(u.client());
        Live byToken = openWithToken(server, token);
        Live bySession = openWithSession(server, u.client());
        assertThat(u.client().delete("/api/user/tokens/" + token).status()).isEqualTo(204);
        assertThat(byToken.closedWithin(AT_ONCE_MS)).isEqualTo(4401);
        bySession.assertStillOpen(AT_ONCE_MS);
        bySession.socket().abort();
    }

    @Test
    void passwordChange_closesTheOtherSessionsAndTokensSockets_butNotTheChangersOwn() throws Exception {
        TestServer.NewUser u = server.newUser(false);
        ApiClient elsewhere = server.login(u.login(), "pw-" + u.login());
        Live mine = openWithSession(server, u.client());
        Live other = openWithSession(server, elsewhere);
        Live script = openWithToken(server, token(elsewhere));
        assertThat(u.client().post("/api/users/" + u.id() + "/password", Map.of("password", "changed-1")).status())
                .isEqualTo(204);
        assertThat(other.closedWithin(AT_ONCE_MS)).isEqualTo(4401);
        assertThat(script.closedWithin(AT_ONCE_MS)).isEqualTo(4401);
        // Past a periodic re-check too: the changer's session is still valid.
        mine.assertStillOpen(LiveSocket.RECHECK_EVERY.toMillis() * 2);
        mine.socket().abort();
    }

    @Test
    void deletingTheUser_closesTheirSockets_atOnce() throws Exception {
        TestServer.NewUser u = server.newUser(false);
        Live live = openWithSession(server, u.client());
        Live script = openWithToken(server, token(u.client()));
        assertThat(server.admin().delete("/api/users/" + u.id()).status()).isEqualTo(204);
        assertThat(live.closedWithin(AT_ONCE_MS)).isEqualTo(4401);
        assertThat(script.closedWithin(AT_ONCE_MS)).isEqualTo(4401);
    }

    @Test
    void aSessionThatExpires_closesItsSocket_atTheNextRecheck() throws Exception {
        TestServer.NewUser u = server.newUser(false);
        Live live = openWithSession(server, u.client());
        Instant longAgo = Instant.now().minus(8, ChronoUnit.DAYS);
        server.services().db().run(h -> h.createUpdate("UPDATE session SET last_active = :t WHERE user_id = :u")
                .bind("t", longAgo).bind("u", u.id()).execute());
        assertThat(live.closedWithin(RECHECK_MS)).isEqualTo(4401);
    }

    @Test
    void signOutOnAnotherNode_closesTheSocketOnThisOne() throws Exception {
        try (TestServer other = server.startNode(c -> {})) {
            TestServer.NewUser u = server.newUser(false);
            String token = token(u.client());
            Live session = openWithSession(other, u.client());
            Live script = openWithToken(other, token);
            assertThat(u.client().post("/api/auth/logout", "{}").status()).isEqualTo(204);
            assertThat(session.closedWithin(RECHECK_MS)).isEqualTo(4401);
            script.assertStillOpen(10);
            ApiClient byToken = server.anonymous().withBearer(token);
            assertThat(byToken.delete("/api/user/tokens/" + token).status()).isEqualTo(204);
            assertThat(byToken.get("/api/user").status()).isEqualTo(401);
            assertThat(script.closedWithin(RECHECK_MS)).isEqualTo(4401);
        }
    }
}
