package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Named API tokens with an expiry, the session lifetime and idle timeout from config, and a user's own sessions
 * (list, end one), on each database. Times are moved by rewriting the rows, as a clock would move them.
 */
@ServerOnEachDatabase.Config(SessionsAndTokensApiTest.ShortSessions.class)
class SessionsAndTokensApiTest extends ServerOnEachDatabase {
    static final int IDLE_MINUTES = 60;
    static final int LIFETIME_MINUTES = 600;

    static final class ShortSessions implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode config) {
            config.put("session_idle_timeout_minutes", IDLE_MINUTES);
            config.put("session_lifetime_minutes", LIFETIME_MINUTES);
        }
    }

    @Test
    void token_withoutBody_keepsSemaphoresFields_andHasNoNameNorExpiry() {
        ApiClient admin = server.admin();
        ApiClient.Response r = admin.post("/api/user/tokens", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).hasSize(44);
        assertThat(r.json().get("expired").asBoolean()).isFalse();
        assertThat(r.json().get("user_id").asInt()).isPositive();
        assertThat(r.json().get("created").asText()).isNotEmpty();
        assertThat(r.json().get("name").asText()).isEmpty();
        assertThat(r.json().get("expires").isNull()).isTrue();
        assertThat(server.anonymous().withBearer(r.json().get("id").asText()).get("/api/user").status()).isEqualTo(200);
    }

    @Test
    void namedTokenWithExpiry_isListed_works_andIsRefusedOncePastItsExpiry() {
        TestServer.NewUser u = server.newUser(false);
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        ApiClient.Response r = u.client().post("/api/user/tokens", Map.of("name", "  deploy script ", "expires", expires.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = r.json().get("id").asText();
        assertThat(r.json().get("name").asText()).isEqualTo("deploy script");
        assertThat(Instant.parse(r.json().get("expires").asText())).isEqualTo(expires);

        JsonNode listed = u.client().get("/api/user/tokens").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("deploy script");
        assertThat(Instant.parse(listed.get(0).get("expires").asText())).isEqualTo(expires);
        assertThat(listed.get(0).get("id").asText()).isNotEqualTo(token); // the digest, never the token

        ApiClient script = server.anonymous().withBearer(token);
        assertThat(script.get("/api/user").status()).isEqualTo(200);
        server.services().db().run(h -> h.createUpdate("UPDATE user__token SET expires = :t WHERE user_id = :u")
                .bind("t", Instant.now().minusSeconds(1)).bind("u", u.id()).execute());
        ApiClient.Response refused = script.get("/api/user");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.error()).contains("Not signed in");
    }

    @Test
    void token_withExpiryInThePast_orTooLongName_is400_andNoTokenIsMade() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response past = u.client().post("/api/user/tokens", Map.of("expires", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.error()).contains("'expires'").contains("not in the future");
        ApiClient.Response longName = u.client().post("/api/user/tokens", Map.of("name", "x".repeat(256)));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.error()).contains("'name'");
        ApiClient.Response notATime = u.client().post("/api/user/tokens", Map.of("expires", "next week"));
        assertThat(notATime.status()).isEqualTo(400);
        assertThat(u.client().get("/api/user/tokens").json()).isEmpty();
    }

    @Test
    void sessions_listsTheCallersOwn_withTheCurrentOneMarked_andNoOtherUsers() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient second = server.login(u.login(), "pw-" + u.login());
        server.newUser(false); // another user's session must not show
        JsonNode mine = u.client().get("/api/user/sessions").json();
        assertThat(mine).hasSize(2);
        assertThat(mine).filteredOn(s -> s.get("current").asBoolean()).hasSize(1);
        for (JsonNode s : mine) {
            assertThat(s.get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(s.get("user_agent").asText()).isNotEmpty();
            assertThat(s.has("last_active")).isTrue();
        }
        int firstId = currentId(u.client());
        int secondId = currentId(second);
        assertThat(firstId).isNotEqualTo(secondId);
        assertThat(mine.get(0).get("id").asInt()).as("newest first").isEqualTo(secondId);
    }

    @Test
    void endingASession_signsItOutAtOnce_andOthersStay() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient laptop = server.login(u.login(), "pw-" + u.login());
        int laptopId = currentId(laptop);
        assertThat(u.client().delete("/api/user/sessions/" + laptopId).status()).isEqualTo(204);
        assertThat(laptop.get("/api/user").status()).isEqualTo(401);
        assertThat(u.client().get("/api/user").status()).isEqualTo(200);
        assertThat(u.client().get("/api/user/sessions").json()).hasSize(1);
        assertThat(u.client().delete("/api/user/sessions/" + laptopId).status()).isEqualTo(404);
        // ending the current one signs the caller out
        assertThat(u.client().delete("/api/user/sessions/" + currentId(u.client())).status()).isEqualTo(204);
        assertThat(u.client().get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void anotherUsersSession_isNotFound_andKeepsWorking() {
        TestServer.NewUser victim = server.newUser(false);
        TestServer.NewUser other = server.newUser(true); // even an administrator ends only their own
        int victimSession = currentId(victim.client());
        ApiClient.Response r = other.client().delete("/api/user/sessions/" + victimSession);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).contains("not found");
        assertThat(victim.client().get("/api/user").status()).isEqualTo(200);
        assertThat(other.client().delete("/api/user/sessions/abc").status()).isEqualTo(404);
    }

    @Test
    void idleSession_isRefused_andNoLongerListed() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient idle = server.login(u.login(), "pw-" + u.login());
        int idleId = currentId(idle);
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(IDLE_MINUTES + 1));
        server.services().db().run(h -> h.createUpdate("UPDATE session SET last_active = :t WHERE id = :id")
                .bind("t", longAgo).bind("id", idleId).execute());
        assertThat(idle.get("/api/user").status()).isEqualTo(401);
        assertThat(u.client().get("/api/user/sessions").json()).extracting(s -> s.get("id").asInt()).doesNotContain(idleId);
        // just within the timeout it still works
        ApiClient fresh = server.login(u.login(), "pw-" + u.login());
        int freshId = currentId(fresh);
        server.services().db().run(h -> h.createUpdate("UPDATE session SET last_active = :t WHERE id = :id")
                .bind("t", Instant.now().minus(Duration.ofMinutes(IDLE_MINUTES - 5))).bind("id", freshId).execute());
        assertThat(fresh.get("/api/user").status()).isEqualTo(200);
    }

    @Test
    void sessionPastItsLifetime_isRefused_evenWhenInUse() {
        TestServer.NewUser u = server.newUser(false);
        int id = currentId(u.client());
        server.services().db().run(h -> h.createUpdate("UPDATE session SET created = :c, last_active = :a WHERE id = :id")
                .bind("c", Instant.now().minus(Duration.ofMinutes(LIFETIME_MINUTES + 1)))
                .bind("a", Instant.now()).bind("id", id).execute());
        assertThat(u.client().get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void deletingAUser_endsTheirSessionsAndTokensAtOnce() {
        TestServer.NewUser u = server.newUser(false);
        String token = u.client().post("/api/user/tokens", Map.of("name", "t")).json().get("id").asText();
        ApiClient bearer = server.anonymous().withBearer(token);
        assertThat(bearer.get("/api/user").status()).isEqualTo(200);
        assertThat(server.admin().delete("/api/users/" + u.id()).status()).isEqualTo(204);
        assertThat(u.client().get("/api/user").status()).isEqualTo(401);
        assertThat(bearer.get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void anonymous_cannotListOrEndSessions() {
        assertThat(server.anonymous().get("/api/user/sessions").status()).isEqualTo(401);
        assertThat(server.anonymous().delete("/api/user/sessions/1").status()).isEqualTo(401);
    }

    private static int currentId(ApiClient c) {
        for (JsonNode s : c.get("/api/user/sessions").json()) {
            if (s.get("current").asBoolean()) {
                return s.get("id").asInt();
            }
        }
        throw new AssertionError("no current session");
    }
}
