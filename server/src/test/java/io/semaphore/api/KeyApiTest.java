package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.key.DecryptedKey;
import io.semaphore.key.KeyType;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyApiTest extends ServerOnEachDatabase {
    /** Shaped like an OpenSSH key; the marker lets the tests look for it in the database. */
    static final String PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "QyNTUxOQAAACBTopSecretKeyMaterialXq9VwZ3k8mN2pL7rT4yH6jK1sD0fG5aB+/==\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    static final String KEY_MARKER = "TopSecretKeyMaterial";

    static Map<String, Object> sshKey(String name, String passphrase) {
        return Map.of("name", name, "type", "ssh",
                "ssh", Map.of("login", "deploy", "passphrase", passphrase, "private_key", PRIVATE_KEY));
    }

    static Map<String, Object> loginPassword(String name, String login, String password) {
        return Map.of("name", name, "type", "login_password", "login_password", Map.of("login", login, "password", password));
    }

    /** Creates a key and returns its id (the API answers 204 without a body, as Semaphore does). */
    static int createKey(ApiClient c, int project, Map<String, Object> body) {
        ApiClient.Response r = c.post("/api/project/" + project + "/keys", body);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        for (JsonNode k : c.get("/api/project/" + project + "/keys").json()) {
            if (k.get("name").asText().equals(body.get("name"))) {
                return k.get("id").asInt();
            }
        }
        throw new AssertionError("key " + body.get("name") + " not listed");
    }

    static DecryptedKey decrypted(int project, int key) {
        return server.services().keys().decrypted(project, key);
    }

    @Test
    void create_thenListAndGet_showNoSecret() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Keys");
        String keys = "/api/project/" + p + "/keys";
        int ssh = createKey(admin, p, sshKey("Deploy key", "phrase-4-ssh"));
        int lp = createKey(admin, p, loginPassword("Git login", "git", "pw-for-git"));
        assertThat(admin.post(keys, Map.of("name", "Nothing", "type", "none", "project_id", p, "id", 9999)).status())
                .isEqualTo(204);

        ApiClient.Response list = admin.get(keys);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(KEY_MARKER, "phrase-4-ssh", "pw-for-git", "deploy\"");
        assertThat(list.json()).extracting(k -> k.get("name").asText())
                .containsExactly("Deploy key", "Git login", "None", "Nothing");

        JsonNode k = admin.get(keys + "/" + ssh).json();
        assertThat(k.get("id").asInt()).isEqualTo(ssh);
        assertThat(k.get("name").asText()).isEqualTo("Deploy key");
        assertThat(k.get("type").asText()).isEqualTo("ssh");
        assertThat(k.get("project_id").asInt()).isEqualTo(p);
        assertThat(k.get("empty").asBoolean()).isFalse();
        assertThat(k.get("ssh").toString()).isEqualTo("{\"login\":\"\",\"passphrase\":\"\",\"private_key\":\"\"}");
        assertThat(k.get("login_password").toString()).isEqualTo("{\"login\":\"\",\"password\":\"\"}");
        assertThat(admin.get(keys + "/" + lp).json().get("type").asText()).isEqualTo("login_password");
        JsonNode none = list.json().get(2);
        assertThat(none.get("type").asText()).isEqualTo("none");
        assertThat(none.get("empty").asBoolean()).isTrue();

        DecryptedKey d = decrypted(p, ssh);
        assertThat(d.type()).isEqualTo(KeyType.SSH);
        assertThat(d.login()).isEqualTo("deploy");
        assertThat(d.passphrase()).isEqualTo("phrase-4-ssh");
        assertThat(d.privateKey()).isEqualTo(PRIVATE_KEY);
        assertThat(d.toString()).doesNotContain(KEY_MARKER, "phrase-4-ssh");
        assertThat(decrypted(p, lp).password()).isEqualTo("pw-for-git");

        assertThat(admin.get("/api/project/" + p + "/events").json().get(0).get("description").asText())
                .isEqualTo("Access Key Nothing created");
    }

    @Test
    void list_sortsByNameOrType() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Sorted");
        createKey(admin, p, loginPassword("A login", "a", "pw"));
        createKey(admin, p, sshKey("B ssh", ""));
        String keys = "/api/project/" + p + "/keys";
        assertThat(admin.get(keys + "?sort=name&order=desc").json()).extracting(k -> k.get("name").asText())
                .containsExactly("None", "B ssh", "A login");
        assertThat(admin.get(keys + "?sort=type").json()).extracting(k -> k.get("type").asText())
                .containsExactly("login_password", "none", "ssh");
    }

    @Test
    void create_badInput_is400WithClearMessage() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Bad keys");
        String keys = "/api/project/" + p + "/keys";
        ApiClient.Response aws = admin.post(keys, Map.of("name", "x", "type", "aws"));
        assertThat(aws.status()).isEqualTo(400);
        assertThat(aws.error()).isEqualTo("Field 'type' is 'aws'; allowed: none, ssh, login_password");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "string")).error()).contains("allowed: none, ssh, login_password");
        assertThat(admin.post(keys, Map.of("name", "x")).error()).isEqualTo("Field 'type' is required; allowed: none, ssh, login_password");
        assertThat(admin.post(keys, Map.of("type", "none")).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.post(keys, Map.of("name", " ", "type", "none")).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "ssh")).error())
                .isEqualTo("Field 'ssh.private_key' is required for an ssh key");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "ssh", "ssh", Map.of("private_key", "just text"))).error())
                .startsWith("Field 'ssh.private_key' is not a private key");
        String truncated = PRIVATE_KEY.substring(0, PRIVATE_KEY.indexOf("-----END"));
        assertThat(admin.post(keys, Map.of("name", "x", "type", "ssh", "ssh", Map.of("private_key", truncated))).error())
                .startsWith("Field 'ssh.private_key' is not a private key");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "ssh",
                "ssh", Map.of("private_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI me@host"))).error())
                .contains("holds a public key");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "login_password", "login_password", Map.of("login", "u"))).error())
                .isEqualTo("Field 'login_password.password' is required for a login_password key");
        assertThat(admin.post(keys, Map.of("name", 5, "type", "none")).error()).isEqualTo("Field 'name' must be a string");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "ssh", "ssh", "key")).error()).isEqualTo("Field 'ssh' must be an object");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "ssh", "ssh", Map.of("private_key", 12))).error())
                .isEqualTo("Field 'ssh.private_key' must be a string");
        assertThat(admin.post(keys, Map.of("name", "x", "type", "none", "project_id", p + 1000)).error())
                .contains("does not match the project in the URL");
        ApiClient.Response notJson = admin.post(keys, "{\"name\": \"x\",\n \"type\": }");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).contains("(line 2, column");
        assertThat(admin.get(keys).json()).hasSize(1); // only "None"
    }

    @Test
    void create_acceptsWindowsLineEndsAndRsaPem() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Pem");
        String rsa = "-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,0123ABCD\r\n\r\n"
                + "MIIEowIBAAKCAQEAx9Vw+/Zk8mN2pL7rT4yH6jK1sD0fG5aB==\r\n-----END RSA PRIVATE KEY-----";
        int id = createKey(admin, p, Map.of("name", "rsa", "type", "ssh", "ssh", Map.of("private_key", rsa, "passphrase", "pp")));
        assertThat(decrypted(p, id).privateKey()).doesNotContain("\r").endsWith("-----END RSA PRIVATE KEY-----\n");
    }

    @Test
    void update_withoutOverrideSecret_keepsTheSecret() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Update");
        int id = createKey(admin, p, loginPassword("Login", "alice", "old-password"));
        String key = "/api/project/" + p + "/keys/" + id;

        ApiClient.Response renamed = admin.put(key, Map.of("name", "Renamed", "type", "login_password",
                "login_password", Map.of("login", "mallory", "password", "new-password")));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(204);
        assertThat(admin.get(key).json().get("name").asText()).isEqualTo("Renamed");
        DecryptedKey kept = decrypted(p, id);
        assertThat(kept.login()).isEqualTo("alice");
        assertThat(kept.password()).isEqualTo("old-password");

        assertThat(admin.put(key, Map.of("name", "Renamed", "type", "login_password", "override_secret", true,
                "login_password", Map.of("login", "bob", "password", "new-password"))).status()).isEqualTo(204);
        assertThat(decrypted(p, id).password()).isEqualTo("new-password");
        assertThat(decrypted(p, id).login()).isEqualTo("bob");
        assertThat(admin.get("/api/project/" + p + "/events").json().get(0).get("description").asText())
                .isEqualTo("Access Key Renamed updated");
    }

    @Test
    void update_typeChange_replacesTheSecret_toNoneClearsIt() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Retype");
        int id = createKey(admin, p, loginPassword("Creds", "alice", "pw"));
        String key = "/api/project/" + p + "/keys/" + id;
        // to none, with or without override_secret: the stored secret is gone
        assertThat(admin.put(key, Map.of("name", "Creds", "type", "none")).status()).isEqualTo(204);
        assertThat(admin.get(key).json().get("type").asText()).isEqualTo("none");
        assertThat(admin.get(key).json().get("empty").asBoolean()).isTrue();
        assertThat(decrypted(p, id).password()).isEmpty();
        int cleared = server.services().db().read(h -> h.createQuery(
                "SELECT count(*) FROM access_key WHERE id = :id AND (secret IS NULL OR secret = '')")
                .bind("id", id).mapTo(Integer.class).one());
        assertThat(cleared).isEqualTo(1);
        // to a type with a secret: its secret is required, override_secret or not
        assertThat(admin.put(key, Map.of("name", "Creds", "type", "login_password")).error())
                .isEqualTo("Field 'login_password.password' is required for a login_password key");
        ApiClient.Response toLogin = admin.put(key, Map.of("name", "Creds", "type", "login_password",
                "login_password", Map.of("login", "carol", "password", "pw2")));
        assertThat(toLogin.status()).as(toLogin.body()).isEqualTo(204);
        assertThat(decrypted(p, id).password()).isEqualTo("pw2");
        Map<String, Object> noKey = Map.of("name", "Creds", "type", "ssh", "override_secret", true);
        assertThat(admin.put(key, noKey).error()).isEqualTo("Field 'ssh.private_key' is required for an ssh key");
        Map<String, Object> body = new LinkedHashMap<>(sshKey("Creds", "pp"));
        body.put("override_secret", true);
        assertThat(admin.put(key, body).status()).isEqualTo(204);
        assertThat(admin.get(key).json().get("type").asText()).isEqualTo("ssh");
        assertThat(decrypted(p, id).privateKey()).isEqualTo(PRIVATE_KEY);

        assertThat(admin.put(key, Map.of("name", "Creds", "type", "none", "override_secret", true)).status()).isEqualTo(204);
        assertThat(admin.get(key).json().get("empty").asBoolean()).isTrue();
        assertThat(decrypted(p, id).privateKey()).isEmpty();

        assertThat(admin.put(key, Map.of("id", id + 1, "name", "x")).status()).isEqualTo(400);
        assertThat(admin.put(key, Map.of("name", "")).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.put(key, Map.of("type", "gcloud")).status()).isEqualTo(400);
    }

    @Test
    void delete_inUse_is409NamingTheUser_thenWorksOnceFreed() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "In use");
        int id = createKey(admin, p, sshKey("Git key", ""));
        server.services().db().run(h -> h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, git_branch,"
                + " ssh_key_id) VALUES (:p, 'Infra repo', 'git@example.com:infra.git', 'main', :k)").bind("p", p).bind("k", id).execute());
        String key = "/api/project/" + p + "/keys/" + id;

        JsonNode refs = admin.get(key + "/refs").json();
        assertThat(refs.get("repositories").get(0).get("name").asText()).isEqualTo("Infra repo");
        assertThat(refs.get("templates")).isEmpty();
        assertThat(refs.get("inventories")).isEmpty();
        assertThat(refs.get("schedules")).isEmpty();
        assertThat(refs.get("integrations")).isEmpty();

        ApiClient.Response inUse = admin.delete(key);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.error()).isEqualTo("Access Key Git key is in use by repositories Infra repo; change or delete those first");
        assertThat(admin.get(key).status()).isEqualTo(200);

        server.services().db().run(h -> h.createUpdate("DELETE FROM project__repository WHERE project_id = :p").bind("p", p).execute());
        assertThat(admin.delete(key).status()).isEqualTo(204);
        assertThat(admin.get(key).status()).isEqualTo(404);
        assertThat(admin.delete(key).status()).isEqualTo(404);
        assertThat(admin.get("/api/project/" + p + "/events").json().get(0).get("description").asText())
                .isEqualTo("Access Key Git key deleted");
    }

    @Test
    void refs_listTemplatesUsingTheKeyAsVaultPassword_andInventories() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Vaults");
        int id = createKey(admin, p, loginPassword("Vault pass", "", "vault-pw"));
        server.services().db().run(h -> {
            int none = h.createQuery("SELECT id FROM access_key WHERE project_id = :p AND name = 'None'").bind("p", p)
                    .mapTo(Integer.class).one();
            int repo = h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, ssh_key_id)"
                    + " VALUES (:p, 'Repo', '/srv/repo', :k)").bind("p", p).bind("k", none)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            int template = h.createUpdate("INSERT INTO project__template (project_id, name, repository_id) VALUES (:p, 'Site', :r)")
                    .bind("p", p).bind("r", repo).executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO project__template_vault (project_id, template_id, vault_key_id, name) VALUES (:p, :t, :k, 'a')")
                    .bind("p", p).bind("t", template).bind("k", id).execute();
            h.createUpdate("INSERT INTO project__template_vault (project_id, template_id, vault_key_id, name) VALUES (:p, :t, :k, 'b')")
                    .bind("p", p).bind("t", template).bind("k", id).execute();
            h.createUpdate("INSERT INTO project__inventory (project_id, name, become_key_id) VALUES (:p, 'Hosts', :k)")
                    .bind("p", p).bind("k", id).execute();
        });
        String key = "/api/project/" + p + "/keys/" + id;
        JsonNode refs = admin.get(key + "/refs").json();
        assertThat(refs.get("templates")).hasSize(1);
        assertThat(refs.get("templates").get(0).get("name").asText()).isEqualTo("Site");
        assertThat(refs.get("inventories").get(0).get("name").asText()).isEqualTo("Hosts");
        assertThat(admin.delete(key).error()).isEqualTo("Access Key Vault pass is in use by templates Site; inventories Hosts;"
                + " change or delete those first");
    }

    @Test
    void roles_membersRead_managersWrite_outsidersSeeNothing() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Roles");
        String keys = "/api/project/" + p + "/keys";
        int existing = createKey(admin, p, loginPassword("Shared", "u", "pw"));
        for (String role : List.of("owner", "manager", "task_runner", "guest", "outsider")) {
            TestServer.NewUser u = server.newUser(false);
            if (!role.equals("outsider")) {
                assertThat(admin.post("/api/project/" + p + "/users", Map.of("user_id", u.id(), "role", role)).status()).isEqualTo(204);
            }
            ApiClient c = u.client();
            boolean member = !role.equals("outsider");
            boolean writer = role.equals("owner") || role.equals("manager");
            int read = member ? 200 : 404;
            int write = writer ? 204 : member ? 403 : 404;
            assertThat(c.get(keys).status()).as(role).isEqualTo(read);
            assertThat(c.get(keys + "/" + existing).status()).as(role).isEqualTo(read);
            assertThat(c.get(keys + "/" + existing + "/refs").status()).as(role).isEqualTo(read);
            assertThat(c.post(keys, Map.of("name", "by " + role, "type", "none")).status()).as(role).isEqualTo(write);
            assertThat(c.put(keys + "/" + existing, Map.of("name", "Shared")).status()).as(role).isEqualTo(write);
            int doomed = createKey(admin, p, Map.of("name", "doomed " + role, "type", "none"));
            assertThat(c.delete(keys + "/" + doomed).status()).as(role).isEqualTo(write);
        }
    }

    @Test
    void anotherProjectsKey_isNotFound_andEnvironmentSecretsAreNotKeys() {
        ApiClient admin = server.admin();
        int a = createProject(admin, "A");
        int b = createProject(admin, "B");
        int key = createKey(admin, a, loginPassword("A's key", "u", "pw"));
        String foreign = "/api/project/" + b + "/keys/" + key;
        assertThat(admin.get(foreign).status()).isEqualTo(404);
        assertThat(admin.get(foreign + "/refs").status()).isEqualTo(404);
        assertThat(admin.put(foreign, Map.of("name", "stolen")).status()).isEqualTo(404);
        assertThat(admin.delete(foreign).status()).isEqualTo(404);
        assertThat(admin.get("/api/project/" + a + "/keys/" + key).json().get("name").asText()).isEqualTo("A's key");
        assertThat(admin.get("/api/project/" + a + "/keys/abc").status()).isEqualTo(404);

        ApiClient.Response env = admin.post("/api/project/" + a + "/environment", Map.of("name", "With secret", "json", "{}",
                "secrets", List.of(Map.of("type", "env", "name", "TOKEN", "secret", "tok-value", "operation", "create"))));
        assertThat(env.status()).as(env.body()).isEqualTo(204);
        int secretId = server.services().db().read(h -> h.createQuery(
                "SELECT id FROM access_key WHERE project_id = :p AND environment_id IS NOT NULL").bind("p", a).mapTo(Integer.class).one());
        assertThat(admin.get("/api/project/" + a + "/keys").body()).doesNotContain("TOKEN");
        assertThat(admin.get("/api/project/" + a + "/keys/" + secretId).status()).isEqualTo(404);
        assertThat(admin.put("/api/project/" + a + "/keys/" + secretId, Map.of("name", "x")).status()).isEqualTo(404);
        assertThat(admin.delete("/api/project/" + a + "/keys/" + secretId).status()).isEqualTo(404);
    }

    /** Reads every stored column of keys, environments and events: no secret appears, not even base64-encoded. */
    @Test
    void database_holdsNoPlaintextSecret() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "At rest");
        String passphrase = "passphrase-Zq81";
        String password = "password-Wx42";
        String varSecret = "var-secret-Kp73";
        String envSecret = "env-secret-Jn55";
        String updatedSecret = "updated-secret-Lm09";
        int ssh = createKey(admin, p, sshKey("ssh", passphrase));
        int lp = createKey(admin, p, loginPassword("lp", "login-Ab12", password));
        ApiClient.Response created = admin.post("/api/project/" + p + "/environment", Map.of("name", "Prod", "json", "{\"a\": 1}",
                "env", "{\"B\": \"2\"}", "secrets", List.of(
                        Map.of("type", "var", "name", "db_password", "secret", varSecret, "operation", "create"),
                        Map.of("type", "env", "name", "API_TOKEN", "secret", envSecret, "operation", "create"))));
        assertThat(created.status()).as(created.body()).isEqualTo(204);
        JsonNode env = admin.get("/api/project/" + p + "/environment").json().get(1);
        assertThat(env.get("name").asText()).isEqualTo("Prod");
        int envId = env.get("id").asInt();
        int varId = -1;
        for (JsonNode s : env.get("secrets")) {
            if (s.get("name").asText().equals("db_password")) {
                varId = s.get("id").asInt();
            }
        }
        assertThat(admin.put("/api/project/" + p + "/environment/" + envId, Map.of("secrets", List.of(
                Map.of("id", varId, "type", "var", "name", "db_password", "secret", updatedSecret, "operation", "update"))))
                .status()).isEqualTo(204);

        List<String> plaintexts = List.of(KEY_MARKER, passphrase, password, varSecret, envSecret, updatedSecret);
        List<String> stored = new ArrayList<>();
        server.services().db().read(h -> {
            for (String table : List.of("access_key", "project__environment", "event")) {
                h.createQuery("SELECT * FROM " + table).map((rs, ctx) -> {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String v = rs.getString(i);
                        if (v != null) {
                            stored.add(v);
                        }
                    }
                    return null;
                }).list();
            }
            return null;
        });
        assertThat(stored).isNotEmpty();
        for (String value : stored) {
            for (String secret : plaintexts) {
                assertThat(value).as("a stored value").doesNotContain(secret);
                String decoded = tryBase64(value);
                assertThat(decoded).as("a stored value, base64-decoded").doesNotContain(secret);
            }
        }
        // ... yet every secret is there for the code that needs it
        assertThat(decrypted(p, ssh).passphrase()).isEqualTo(passphrase);
        assertThat(decrypted(p, lp).password()).isEqualTo(password);
        assertThat(server.services().environments().decryptedSecrets(p, envId))
                .extracting(s -> s.type() + ":" + s.name() + "=" + s.value())
                .containsExactlyInAnyOrder("var:db_password=" + updatedSecret, "env:API_TOKEN=" + envSecret);
    }

    private static String tryBase64(String value) {
        try {
            return new String(Base64.getDecoder().decode(value.trim()), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
