package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.auth.ldap.TestDirectory;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sign-in through an LDAP directory (UnboundID's in-memory server on a real socket) beside local password users:
 * directory users are created on first sign-in and marked external, updated on later ones; a directory that is down
 * gives a 503 to its users and lets local users in.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LdapApiTest {
    @Parameter
    DbKind db;

    static TestDirectory directory;
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        directory = TestDirectory.start(null);
        directory.addPerson("alice", "alice-pw", "Alice Liddell", "alice@example.com");
        directory.addPerson("dora", "dora-pw", "Dora", "dora@example.com");
        directory.addPerson("admin", "directory-admin-pw", "Not The Admin", "other-admin@example.com");
        directory.addPerson("nomail", "nomail-pw", "No Mail", null);
        for (int i = 0; i < 3; i++) {
            directory.addPerson("t" + i, "t-pw", "T", "t" + i + "@example.com");
        }
        server = TestServer.start(db, c -> c.put("ldap_enable", true).put("ldap_server", directory.address())
                .put("ldap_binddn", TestDirectory.READER).put("ldap_bindpassword", TestDirectory.READER_PASSWORD)
                .put("ldap_searchdn", "ou=people," + TestDirectory.BASE)
                .put("ldap_searchfilter", "(&(objectClass=inetOrgPerson)(uid=%s))"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        directory.close();
    }

    static ApiClient.Response login(ApiClient c, String login, String password) {
        return c.post("/api/auth/login", Map.of("auth", login, "password", password));
    }

    @Test
    @Order(1)
    void firstSignIn_createsAnExternalUser_laterOnesUpdateIt() {
        ApiClient c = server.anonymous();
        assertThat(login(c, "Alice", "alice-pw").status()).isEqualTo(204);
        JsonNode me = c.get("/api/user").json();
        assertThat(me.get("username").asText()).isEqualTo("alice");
        assertThat(me.get("name").asText()).isEqualTo("Alice Liddell");
        assertThat(me.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(me.get("external").asBoolean()).isTrue();
        assertThat(me.get("admin").asBoolean()).isFalse();
        int id = me.get("id").asInt();

        directory.replace("alice", "cn", "Alice Pleasance Liddell");
        ApiClient again = server.anonymous();
        assertThat(login(again, "alice", "alice-pw").status()).isEqualTo(204);
        JsonNode updated = again.get("/api/user").json();
        assertThat(updated.get("id").asInt()).isEqualTo(id);
        assertThat(updated.get("name").asText()).isEqualTo("Alice Pleasance Liddell");
        String stored = server.services().db().read(h -> h.createQuery("SELECT password FROM \"user\" WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(stored).as("no local password for a directory user").isEmpty();
    }

    @Test
    @Order(2)
    void wrongPassword_is401_andCountsInTheThrottle() {
        for (int i = 0; i < 5; i++) {
            ApiClient.Response r = login(server.anonymous(), "t0", "wrong" + i);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.error()).isEqualTo("Incorrect login or password");
        }
        assertThat(login(server.anonymous(), "t0", "t-pw").status()).isEqualTo(429);
    }

    @Test
    @Order(3)
    void localUsers_stillSignInWithTheirPassword() {
        // the directory has an "admin" too, with another password: the local admin is not locked out
        assertThat(login(server.anonymous(), "admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(204);
        TestServer.NewUser local = newLocalUser("localonly");
        assertThat(login(server.anonymous(), local.login(), "pw-" + local.login()).status()).isEqualTo(204);
        assertThat(login(server.anonymous(), local.login(), "nope").status()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void directoryUserNamedLikeALocalUser_isRefusedWithAReason() {
        ApiClient.Response r = login(server.anonymous(), "admin", "directory-admin-pw");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).contains("belongs to a local user");
    }

    @Test
    @Order(5)
    void missingMail_is401NamingTheAttribute() {
        ApiClient.Response r = login(server.anonymous(), "nomail", "nomail-pw");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).contains("'mail'");
        assertThat(server.services().users().store().findByUsername("nomail")).isEmpty();
    }

    @Test
    @Order(6)
    void directoryUsers_cannotSignInWithALocalPassword() {
        assertThat(login(server.anonymous(), "dora", "dora-pw").status()).isEqualTo(204);
        // an admin setting a password for the external user does not open a second way in
        assertThat(login(server.anonymous(), "dora@example.com", "anything").status()).isEqualTo(401);
    }

    @Test
    @Order(100)
    void directoryDown_is503ForItsUsers_localUsersStillSignIn() {
        TestServer.NewUser local = newLocalUser("whiledown");
        directory.stop();
        long start = System.nanoTime();
        ApiClient.Response r = login(server.anonymous(), "t1", "t-pw");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.error()).contains("LDAP directory").contains("could not be reached");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(login(server.anonymous(), local.login(), "pw-" + local.login()).status()).isEqualTo(204);
        assertThat(login(server.anonymous(), local.login(), "wrong").status()).isEqualTo(401);
    }

    /** A local user whose login the directory does not know (made while the directory answers). */
    private static TestServer.NewUser newLocalUser(String prefix) {
        ApiClient admin = server.admin();
        String login = prefix + System.nanoTime();
        ApiClient.Response r = admin.post("/api/users", Map.of("username", login, "name", login,
                "email", login + "@local.test", "password", "pw-" + login, "admin", false));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new TestServer.NewUser(r.json().get("id").asInt(), login, null);
    }
}
