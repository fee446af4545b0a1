package io.semaphore.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.config.LdapMappings;
import io.semaphore.errors.ServiceUnavailableException;
import io.semaphore.errors.UnauthorizedException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory client against UnboundID's in-memory server over real sockets, plain and LDAPS. */
class LdapDirectoryTest {
    static TestDirectory plain;

    @BeforeAll
    static void start() {
        plain = TestDirectory.start(null);
        plain.addPerson("alice", "alice-pw", "Alice Liddell", "Alice@Example.com");
        plain.addPerson("nomail", "nomail-pw", "No Mail", null);
        plain.addPerson("twin1", "pw", "Twin", "twin1@example.com");
    }

    @AfterAll
    static void stop() {
        plain.close();
    }

    static LdapSettings settings(String server, boolean tls, Duration timeout) {
        return new LdapSettings(server, TestDirectory.READER, TestDirectory.READER_PASSWORD, "ou=people," + TestDirectory.BASE,
                "(&(objectClass=inetOrgPerson)(uid=%s))", tls, LdapMappings.defaults(), timeout);
    }

    static LdapDirectory directory() {
        return new LdapDirectory(settings(plain.address(), false, Duration.ofSeconds(5)));
    }

    @Test
    void goodPassword_givesTheMappedUser() {
        LdapUser u = directory().authenticate("alice", "alice-pw").orElseThrow();
        assertThat(u.username()).isEqualTo("alice");
        assertThat(u.name()).isEqualTo("Alice Liddell");
        assertThat(u.email()).isEqualTo("alice@example.com");
        assertThat(u.dn()).isEqualTo("uid=alice,ou=people," + TestDirectory.BASE);
    }

    @Test
    void badOrEmptyPassword_is401() {
        assertThatThrownBy(() -> directory().authenticate("alice", "wrong"))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Incorrect login or password");
        // an empty password would be an anonymous bind, which the directory accepts
        assertThatThrownBy(() -> directory().authenticate("alice", "")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void unknownLogin_isEmpty_andFilterCharactersAreEscaped() {
        assertThat(directory().authenticate("bob", "x")).isEmpty();
        assertThat(directory().authenticate("*", "alice-pw")).isEmpty();
        assertThat(directory().authenticate("alice)(uid=*", "alice-pw")).isEmpty();
    }

    @Test
    void missingMail_is401NamingTheAttribute() {
        assertThatThrownBy(() -> directory().authenticate("nomail", "nomail-pw"))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("'mail'");
    }

    @Test
    void otherMappings_areRead() {
        var s = new LdapSettings(plain.address(), TestDirectory.READER, TestDirectory.READER_PASSWORD, TestDirectory.BASE,
                "(mail=%s)", false, new LdapMappings("dn", "mail", "sn", "sn"), Duration.ofSeconds(5));
        LdapUser u = new LdapDirectory(s).authenticate("twin1@example.com", "pw").orElseThrow();
        assertThat(u.username()).isEqualTo("twin1");
        assertThat(u.name()).isEqualTo("twin1");
    }

    @Test
    void wrongServiceAccount_is503() {
        var s = new LdapSettings(plain.address(), TestDirectory.READER, "not-it", TestDirectory.BASE,
                "(uid=%s)", false, LdapMappings.defaults(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> new LdapDirectory(s).authenticate("alice", "alice-pw"))
                .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("ldap_binddn");
    }

    @Test
    void directoryDown_is503() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> new LdapDirectory(settings("127.0.0.1:" + port, false, Duration.ofSeconds(2)))
                .authenticate("alice", "alice-pw"))
                .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void directoryThatNeverAnswers_is503WithinTheTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // holds the connection open, says nothing
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> new LdapDirectory(settings("127.0.0.1:" + silent.getLocalPort(), false, Duration.ofSeconds(1)))
                    .authenticate("alice", "alice-pw"))
                    .isInstanceOf(ServiceUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void ldaps_withTrustedCertificate_works_untrustedIs503(@TempDir Path dir) {
        try (TestDirectory tls = TestDirectory.start(dir)) {
            tls.addPerson("carol", "carol-pw", "Carol", "carol@example.com");
            var trust = new com.unboundid.util.ssl.TrustStoreTrustManager(tls.keyStore().toFile(),
                    TestDirectory.STORE_PASSWORD.toCharArray(), "PKCS12", true);
            LdapSettings s = settings(tls.address(), true, Duration.ofSeconds(5));
            assertThat(new LdapDirectory(s, trust).authenticate("carol", "carol-pw")).isPresent();
            // the JVM's trust store does not know the self-signed certificate
            assertThatThrownBy(() -> new LdapDirectory(s).authenticate("carol", "carol-pw"))
                    .isInstanceOf(ServiceUnavailableException.class);
            // plain LDAP to the LDAPS port does not get through either
            assertThatThrownBy(() -> new LdapDirectory(settings(tls.address(), false, Duration.ofSeconds(2))).authenticate("carol", "carol-pw"))
                    .isInstanceOf(ServiceUnavailableException.class);
        }
    }
}
