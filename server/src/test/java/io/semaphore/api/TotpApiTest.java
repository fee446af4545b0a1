package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** TOTP through the API: enrolment, the verify step at sign-in, recovery, and an admin's reset. */
@ServerOnEachDatabase.Config(TotpApiTest.TotpOn.class)
class TotpApiTest extends ServerOnEachDatabase {
    static final class TotpOn implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode c) {
            c.putObject("auth").putObject("totp").put("enabled", true).put("allow_recovery", true);
        }
    }

    record Enrolled(TestServer.NewUser user, int totpId, String url, String recoveryCode) {}

    static Enrolled enrol() {
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response r = u.client().post("/api/users/" + u.id() + "/2fas/totp", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("user_id").asInt()).isEqualTo(u.id());
        return new Enrolled(u, j.get("id").asInt(), j.get("url").asText(), j.get("recovery_code").asText());
    }

    static String code(String url, Instant at) throws Exception {
        String secret = URI.create(url).getQuery().replaceAll(".*secret=([A-Z2-7]+).*", "$1");
        byte[] key = io.semaphore.auth.TotpTestAccess.base32Decode(secret);
        return new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6)
                .generateOneTimePasswordString(new SecretKeySpec(key, "HmacSHA1"), at, Locale.ROOT);
    }

    /** Signs in with the password only: the session then owes its code. */
    static ApiClient passwordOnly(TestServer.NewUser u) {
        return server.login(u.login(), "pw-" + u.login());
    }

    @Test
    void loginMethods_sayTotpAndRecovery() {
        JsonNode j = server.anonymous().get("/api/auth/login").json();
        assertThat(j.at("/auth_methods/totp/allow_recovery").asBoolean()).isTrue();
        assertThat(j.get("login_with_password").asBoolean()).isTrue();
    }

    @Test
    void enrolment_showsUrlAndRecoveryOnce_profileShowsNoSecret() {
        Enrolled e = enrol();
        assertThat(e.url()).startsWith("otpauth://totp/Semaphore:").contains("secret=");
        assertThat(e.recoveryCode()).hasSize(16);
        JsonNode me = e.user().client().get("/api/user").json();
        assertThat(me.at("/totp/id").asInt()).isEqualTo(e.totpId());
        assertThat(me.toString()).doesNotContain("otpauth").doesNotContain(e.recoveryCode());
        ApiClient.Response again = e.user().client().post("/api/users/" + e.user().id() + "/2fas/totp", "{}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.error()).contains("already enabled");
    }

    @Test
    void signIn_owesTheCode_untilVerified_andTheCodeWorksOnce() throws Exception {
        Enrolled e = enrol();
        ApiClient c = passwordOnly(e.user());
        ApiClient.Response blocked = c.get("/api/user");
        assertThat(blocked.status()).isEqualTo(401);
        assertThat(blocked.error()).startsWith("TOTP_REQUIRED");
        assertThat(c.get("/api/projects").status()).isEqualTo(401);
        assertThat(c.post("/api/projects", Map.of("name", "x")).status()).isEqualTo(401);

        ApiClient.Response wrong = c.post("/api/auth/verify", Map.of("passcode", "000000"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).contains("Incorrect");
        assertThat(c.post("/api/auth/verify", Map.of()).status()).isEqualTo(400);

        String code = code(e.url(), Instant.now());
        assertThat(c.post("/api/auth/verify", Map.of("passcode", code)).status()).isEqualTo(204);
        assertThat(c.get("/api/user").status()).isEqualTo(200);
        // verifying a verified session again changes nothing
        assertThat(c.post("/api/auth/verify", Map.of("passcode", "000000")).status()).isEqualTo(204);

        ApiClient second = passwordOnly(e.user());
        assertThat(second.post("/api/auth/verify", Map.of("passcode", code)).status()).as("replayed code").isEqualTo(401);
        assertThat(second.get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void pendingSession_canSignOut() {
        Enrolled e = enrol();
        ApiClient c = passwordOnly(e.user());
        assertThat(c.post("/api/auth/logout", "{}").status()).isEqualTo(204);
        assertThat(c.post("/api/auth/verify", Map.of("passcode", "123456")).status()).isEqualTo(401);
    }

    @Test
    void recoveryCode_signsIn_andRemovesTheTotp() {
        Enrolled e = enrol();
        ApiClient c = passwordOnly(e.user());
        assertThat(c.post("/api/auth/recovery", Map.of("recovery_code", "nope")).status()).isEqualTo(401);
        assertThat(c.post("/api/auth/recovery", Map.of("recovery_code", e.recoveryCode())).status()).isEqualTo(204);
        JsonNode me = c.get("/api/user").json();
        assertThat(me.get("totp").isNull()).isTrue();
        assertThat(passwordOnly(e.user()).get("/api/user").status()).as("no code owed any more").isEqualTo(200);
    }

    @Test
    void withoutSession_verifyAndRecoveryAre401() {
        assertThat(server.anonymous().post("/api/auth/verify", Map.of("passcode", "123456")).status()).isEqualTo(401);
        assertThat(server.anonymous().post("/api/auth/recovery", Map.of("recovery_code", "x")).status()).isEqualTo(401);
    }

    @Test
    void onlyTheOwnerEnrols_anAdminResets() {
        Enrolled e = enrol();
        TestServer.NewUser other = server.newUser(false);
        assertThat(other.client().post("/api/users/" + e.user().id() + "/2fas/totp", "{}").status()).isEqualTo(403);
        assertThat(server.admin().post("/api/users/" + e.user().id() + "/2fas/totp", "{}").status()).isEqualTo(403);
        assertThat(other.client().delete("/api/users/" + e.user().id() + "/2fas/totp/" + e.totpId()).status()).isEqualTo(403);
        ApiClient admin = server.admin();
        assertThat(admin.delete("/api/users/" + e.user().id() + "/2fas/totp/" + (e.totpId() + 1000)).status()).isEqualTo(404);
        assertThat(admin.delete("/api/users/" + e.user().id() + "/2fas/totp/" + e.totpId()).status()).isEqualTo(204);
        assertThat(admin.delete("/api/users/" + e.user().id() + "/2fas/totp/" + e.totpId()).status()).isEqualTo(400);
        assertThat(passwordOnly(e.user()).get("/api/user").status()).isEqualTo(200);
    }

    @Test
    void apiTokens_needNoCode() {
        Enrolled e = enrol();
        String token = e.user().client().post("/api/user/tokens", "{}").json().get("id").asText();
        assertThat(server.anonymous().withBearer(token).get("/api/user").status()).isEqualTo(200);
    }
}
