package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sign-in throttle and the client's address, scheme and host: forwarded headers count only from a proxy listed
 * in {@code trusted_proxies}. {@code direct} trusts no proxy; {@code proxied} trusts 127.0.0.1 (the tests), so the
 * tests can act as a proxy and speak for clients at several addresses.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class SignInProxyApiTest {
    static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Parameter
    DbKind db;

    static TestServer direct;
    static TestServer proxied;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        direct = TestServer.start(db);
        proxied = TestServer.start(db, c -> c.putArray("trusted_proxies").add("127.0.0.1").add("10.255.0.0/16"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        proxied.close();
        direct.close();
    }

    static ApiClient.Response login(TestServer s, String login, String password, Map<String, String> headers) {
        return s.anonymous().send("POST", "/api/auth/login", "application/json",
                "{\"auth\": \"" + login + "\", \"password\": \"" + password + "\"}", headers);
    }

    static String sessionIp(TestServer s, String login) {
        return s.services().db().read(h -> h.createQuery("SELECT s.ip FROM session s JOIN \"user\" u ON u.id = s.user_id"
                + " WHERE u.username = :u ORDER BY s.id DESC").bind("u", login).mapTo(String.class).first());
    }

    /** A fresh client address for each use, so tests do not share throttle records. */
    static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.1." + (n / 250) + "." + (n % 250 + 1);
    }

    @Test
    void forwardedHeadersFromAClient_areIgnored_soRotatingThemDoesNotEscapeTheThrottle() {
        TestServer.NewUser u = direct.newUser(false);
        for (int i = 0; i < 5; i++) {
            ApiClient.Response r = login(direct, u.login(), "wrong" + i,
                    Map.of("X-Real-IP", "10.9.0." + i, "X-Forwarded-For", "10.8.0." + i));
            assertThat(r.status()).isEqualTo(401);
        }
        ApiClient.Response right = login(direct, u.login(), "pw-" + u.login(),
                Map.of("X-Real-IP", "10.9.0.99", "X-Forwarded-For", "10.8.0.99"));
        assertThat(right.status()).as(right.body()).isEqualTo(429);
        assertThat(Integer.parseInt(right.header("Retry-After"))).isPositive();

        TestServer.NewUser v = direct.newUser(false);
        assertThat(login(direct, v.login(), "pw-" + v.login(), Map.of("X-Real-IP", "10.9.9.9")).status()).isEqualTo(204);
        assertThat(sessionIp(direct, v.login())).isEqualTo("127.0.0.1");
    }

    /** Password spraying: one guess at many accounts, each attempt claiming another address. */
    @Test
    void sprayingManyAccountsWithRotatingForwardedHeaders_isThrottledByTheRealAddress() {
        // A server of its own: the spray puts the tests' own address on hold.
        try (TestServer s = TestServer.start(db)) {
            int refused = 0;
            for (int i = 0; i < 30; i++) {
                ApiClient.Response r = login(s, "sprayed" + i, "Summer2030!",
                        Map.of("X-Real-IP", "10.7.0." + i, "X-Forwarded-For", "10.6.0." + i));
                assertThat(r.status()).isIn(401, 429);
                refused += r.status() == 429 ? 1 : 0;
            }
            assertThat(refused).as("attempts refused after the address's free failures").isEqualTo(10);
            assertThat(login(s, "admin", TestServer.ADMIN_PASSWORD, Map.of("X-Real-IP", "10.7.1.1")).status())
                    .as("no forwarded header gets the address out of its wait").isEqualTo(429);
        }
    }

    @Test
    void forwardedProtoFromAClient_doesNotMakeTheCookieSecure() {
        ApiClient.Response r = login(direct, "admin", TestServer.ADMIN_PASSWORD, Map.of("X-Forwarded-Proto", "https"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Set-Cookie")).doesNotContain("Secure");
    }

    @Test
    void behindATrustedProxy_oneAddressHammeringAnAccount_doesNotLockOutTheOwnerAtAnotherAddress() {
        TestServer.NewUser u = proxied.newUser(false);
        String attacker = address();
        for (int i = 0; i < 8; i++) {
            ApiClient.Response r = login(proxied, u.login(), "guess" + i, Map.of("X-Real-IP", attacker));
            assertThat(r.status()).as("attempt %d", i).isIn(401, 429);
        }
        assertThat(login(proxied, u.login(), "pw-" + u.login(), Map.of("X-Real-IP", attacker)).status())
                .as("the attacker's address waits, even with the right password").isEqualTo(429);
        String owner = address();
        assertThat(login(proxied, u.login(), "pw-" + u.login(), Map.of("X-Real-IP", owner)).status())
                .as("the owner at a clean address gets in").isEqualTo(204);
        assertThat(sessionIp(proxied, u.login())).isEqualTo(owner);
    }

    @Test
    void behindATrustedProxy_theClientIsTheLastUntrustedAddressOfXForwardedFor() {
        TestServer.NewUser u = proxied.newUser(false);
        // The client wrote 1.2.3.4 itself; 10.255.0.7 is a trusted proxy in the chain; 10.1.x.y reached it.
        String client = address();
        ApiClient.Response r = login(proxied, u.login(), "pw-" + u.login(),
                Map.of("X-Forwarded-For", "1.2.3.4, " + client + ", 10.255.0.7", "X-Real-IP", "10.255.0.7"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(sessionIp(proxied, u.login())).isEqualTo(client);
    }

    @Test
    void behindATrustedProxy_forwardedProtoAndHost_count() {
        ApiClient.Response r = login(proxied, "admin", TestServer.ADMIN_PASSWORD,
                Map.of("X-Forwarded-Proto", "https", "X-Real-IP", address()));
        assertThat(r.header("Set-Cookie")).contains("Secure");

        ApiClient admin = proxied.admin();
        Map<String, String> viaProxy = Map.of("Origin", "https://semaphore.example.com",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "semaphore.example.com");
        assertThat(admin.send("POST", "/api/user/tokens", null, null, viaProxy).status()).isEqualTo(201);
        assertThat(direct.admin().send("POST", "/api/user/tokens", null, null, viaProxy).status()).isEqualTo(403);
    }

    /**
     * Refusing an unknown login runs bcrypt too, so it takes about as long as refusing a known login's wrong
     * password: timing does not tell which logins exist. Compares medians of several tries.
     */
    @Test
    void unknownAndKnownLogins_takeAboutAsLongToRefuse() {
        TestServer.NewUser u = proxied.newUser(false);
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        login(proxied, "warm-up-" + db, "x", Map.of("X-Real-IP", address()));
        // Five tries each: within any throttle's free failures of one account.
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertThat(login(proxied, u.login(), "wrong", Map.of("X-Real-IP", address())).status()).isEqualTo(401);
            known.add((System.nanoTime() - t0) / 1_000_000);
            t0 = System.nanoTime();
            assertThat(login(proxied, "ghost-" + i + "-" + u.login(), "wrong", Map.of("X-Real-IP", address())).status())
                    .isEqualTo(401);
            unknown.add((System.nanoTime() - t0) / 1_000_000);
        }
        long knownMedian = known.stream().sorted().toList().get(2);
        long unknownMedian = unknown.stream().sorted().toList().get(2);
        System.out.printf("sign-in refusal on %s: known login median %d ms %s, unknown login median %d ms %s%n",
                db, knownMedian, known, unknownMedian, unknown);
        assertThat(unknownMedian).as("unknown %s vs known %s", unknown, known).isGreaterThanOrEqualTo(knownMedian / 2);
        assertThat(knownMedian).as("unknown %s vs known %s", unknown, known).isGreaterThanOrEqualTo(unknownMedian / 2);
    }
}
