package io.semaphore.auth.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * UnboundID's in-memory directory on a real socket of 127.0.0.1 (plain LDAP, or LDAPS with a fresh self-signed
 * certificate for 127.0.0.1 made by keytool): base {@code dc=example,dc=com}, service account
 * {@code cn=reader,dc=example,dc=com} / {@value #READER_PASSWORD}, and people under {@code ou=people}.
 */
public final class TestDirectory implements AutoCloseable {
    public static final String BASE = "dc=example,dc=com";
    public static final String READER = "cn=reader," + BASE;
    public static final String READER_PASSWORD = "reader-pw";
    public static final String STORE_PASSWORD = "changeit";

    private final InMemoryDirectoryServer server;
    private final Path keyStore;

    private TestDirectory(InMemoryDirectoryServer server, Path keyStore) {
        this.server = server;
        this.keyStore = keyStore;
    }

    /** {@code tlsDir}: where to make the LDAPS certificate; null for plain LDAP. */
    public static TestDirectory start(Path tlsDir) {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.addAdditionalBindCredentials(READER, READER_PASSWORD);
            Path keyStore = null;
            InetAddress local = InetAddress.getLoopbackAddress();
            if (tlsDir == null) {
                config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", local, 0, null));
            } else {
                keyStore = selfSigned(tlsDir);
                SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(keyStore.toFile(), STORE_PASSWORD.toCharArray(), "PKCS12", "server"), null);
                config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps", local, 0,
                        serverSsl.createSSLServerSocketFactory(), null));
            }
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
            server.add("dn: ou=people," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
            server.startListening();
            return new TestDirectory(server, keyStore);
        } catch (LDAPException | com.unboundid.ldif.LDIFException | GeneralSecurityException | IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path selfSigned(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("ldap-server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return ks;
    }

    /** Adds a person under ou=people; null attributes are left out. */
    public void addPerson(String uid, String password, String cn, String mail) {
        try {
            var lines = new java.util.ArrayList<String>(java.util.List.of("dn: uid=" + uid + ",ou=people," + BASE,
                    "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
                    "objectClass: inetOrgPerson", "uid: " + uid, "sn: " + uid, "userPassword: " + password));
            lines.add("cn: " + (cn == null ? uid : cn));
            if (mail != null) {
                lines.add("mail: " + mail);
            }
            server.add(lines.toArray(String[]::new));
        } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces one attribute of a person. */
    public void replace(String uid, String attribute, String value) {
        try {
            server.modify("uid=" + uid + ",ou=people," + BASE,
                    new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.REPLACE, attribute, value));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code host:port} for {@code ldap_server}. */
    public String address() {
        return "127.0.0.1:" + server.getListenPort();
    }

    /** The key store holding the LDAPS certificate (to trust it), or null. */
    public Path keyStore() {
        return keyStore;
    }

    public void stop() {
        server.shutDown(true);
    }

    @Override
    public void close() {
        stop();
    }
}
