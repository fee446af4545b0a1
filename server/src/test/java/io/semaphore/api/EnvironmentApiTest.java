package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.environment.EnvironmentSecretValue;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentApiTest extends ServerOnEachDatabase {
    static Map<String, Object> secret(String operation, String type, String name, String value) {
        Map<String, Object> m = new HashMap<>(Map.of("operation", operation, "type", type, "name", name));
        if (value != null) {
            m.put("secret", value);
        }
        return m;
    }

    /** Creates an environment (204, no body, as Semaphore) and returns it as listed. */
    static JsonNode create(ApiClient c, int project, Map<String, Object> body) {
        ApiClient.Response r = c.post("/api/project/" + project + "/environment", body);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        for (JsonNode e : c.get("/api/project/" + project + "/environment").json()) {
            if (e.get("name").asText().equals(body.get("name"))) {
                return e;
            }
        }
        throw new AssertionError("environment " + body.get("name") + " not listed");
    }

    static int secretId(JsonNode env, String name) {
        for (JsonNode s : env.get("secrets")) {
            if (s.get("name").asText().equals(name)) {
                return s.get("id").asInt();
            }
        }
        throw new AssertionError("no secret " + name + " in " + env);
    }

    static Map<String, String> values(int project, int env) {
        Map<String, String> m = new HashMap<>();
        for (EnvironmentSecretValue v : server.services().environments().decryptedSecrets(project, env)) {
            m.put(v.type() + ":" + v.name(), v.value());
        }
        return m;
    }

    @Test
    void create_thenListAndGet_showSecretNamesNeverValues() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Envs");
        JsonNode e = create(admin, p, Map.of("name", "Production", "project_id", p, "password", "legacy",
                "json", "{\"region\": \"eu\", \"replicas\": 3, \"tags\": [\"a\"]}", "env", "{\"LOG_LEVEL\": \"debug\", \"PORT\": 8080}",
                "secrets", List.of(secret("create", "var", "db_password", "s3cret-var"),
                        secret("create", "env", "AWS_SECRET_ACCESS_KEY", "s3cret-env"))));
        int id = e.get("id").asInt();
        assertThat(e.get("project_id").asInt()).isEqualTo(p);
        assertThat(e.get("json").asText()).isEqualTo("{\"region\": \"eu\", \"replicas\": 3, \"tags\": [\"a\"]}");
        assertThat(e.get("env").asText()).isEqualTo("{\"LOG_LEVEL\": \"debug\", \"PORT\": 8080}");
        assertThat(e.get("password").asText()).as("write-only").isEmpty();
        assertThat(e.get("secrets").toString()).isEqualTo("[{\"id\":" + secretId(e, "AWS_SECRET_ACCESS_KEY")
                + ",\"type\":\"env\",\"name\":\"AWS_SECRET_ACCESS_KEY\"},{\"id\":" + secretId(e, "db_password")
                + ",\"type\":\"var\",\"name\":\"db_password\"}]");

        ApiClient.Response one = admin.get("/api/project/" + p + "/environment/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(e);
        ApiClient.Response list = admin.get("/api/project/" + p + "/environment");
        assertThat(list.json()).extracting(x -> x.get("name").asText()).containsExactly("Empty", "Production");
        assertThat(list.json().get(0).get("secrets")).isEmpty();
        assertThat(list.json().get(0).get("env").asText()).isEmpty(); // never null: Semaphore's API types it string
        for (String body : List.of(one.body(), list.body())) {
            assertThat(body).doesNotContain("s3cret-var", "s3cret-env", "legacy");
        }
        assertThat(values(p, id)).containsExactlyInAnyOrderEntriesOf(Map.of("var:db_password", "s3cret-var",
                "env:AWS_SECRET_ACCESS_KEY", "s3cret-env"));
        int stored = server.services().db().read(h -> h.createQuery("SELECT COUNT(*) FROM access_key WHERE environment_id = :e"
                + " AND type = 'string' AND name IN ('var.db_password', 'env.AWS_SECRET_ACCESS_KEY')").bind("e", id)
                .mapTo(Integer.class).one());
        assertThat(stored).isEqualTo(2);
        assertThat(admin.get("/api/project/" + p + "/events").json().get(0).get("description").asText())
                .isEqualTo("Environment Production created");
    }

    @Test
    void update_secrets_createUpdateDelete() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Secret ops");
        JsonNode e = create(admin, p, Map.of("name", "Stage", "json", "{}",
                "secrets", List.of(secret("create", "var", "one", "v1"), secret("create", "env", "TWO", "v2"))));
        int id = e.get("id").asInt();
        String url = "/api/project/" + p + "/environment/" + id;
        int one = secretId(e, "one");
        int two = secretId(e, "TWO");

        Map<String, Object> renameOnly = new HashMap<>(secret("update", "var", "uno", null));
        renameOnly.put("id", one);
        Map<String, Object> newValue = new HashMap<>(secret("update", "env", "TWO", "v2-new"));
        newValue.put("id", two);
        ApiClient.Response r = admin.put(url, Map.of("name", "Stage", "secrets", List.of(renameOnly, newValue,
                secret("create", "env", "THREE", "v3"))));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertThat(values(p, id)).containsExactlyInAnyOrderEntriesOf(Map.of("var:uno", "v1", "env:TWO", "v2-new", "env:THREE", "v3"));

        Map<String, Object> delete = Map.of("id", two, "operation", "delete");
        assertThat(admin.put(url, Map.of("secrets", List.of(delete, secret("create", "env", "TWO", "again")))).status())
                .isEqualTo(204);
        assertThat(values(p, id)).containsExactlyInAnyOrderEntriesOf(Map.of("var:uno", "v1", "env:TWO", "again", "env:THREE", "v3"));
        JsonNode after = admin.get(url).json();
        assertThat(after.get("name").asText()).isEqualTo("Stage");
        assertThat(after.get("json").asText()).isEqualTo("{}");
        assertThat(admin.get("/api/project/" + p + "/events").json().get(0).get("description").asText())
                .isEqualTo("Environment Stage updated");
    }

    @Test
    void secrets_badItems_are400or409_andNothingIsWritten() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Bad secrets");
        JsonNode e = create(admin, p, Map.of("name", "Env", "json", "{}", "secrets", List.of(secret("create", "env", "TOKEN", "t"))));
        String url = "/api/project/" + p + "/environment/" + e.get("id").asInt();
        JsonNode before = admin.get(url).json();

        ApiClient.Response dup = admin.put(url, Map.of("name", "Changed", "secrets", List.of(secret("create", "env", "TOKEN", "x"))));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.error()).contains("env 'TOKEN' already exists");
        ApiClient.Response twice = admin.put(url, Map.of("secrets", List.of(secret("create", "var", "a", "x"), secret("create", "var", "a", "y"))));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.error()).contains("secrets[1]").contains("repeats");
        assertThat(admin.put(url, Map.of("secrets", List.of(secret("create", "env", "1BAD", "x")))).error())
                .startsWith("Field 'secrets[0].name' is '1BAD'");
        assertThat(admin.put(url, Map.of("secrets", List.of(secret("create", "env", "A-B", "x")))).status()).isEqualTo(400);
        assertThat(admin.put(url, Map.of("secrets", List.of(secret("create", "file", "A", "x")))).error())
                .startsWith("Field 'secrets[0].type' is 'file'; allowed: var");
        assertThat(admin.put(url, Map.of("secrets", List.of(secret("create", "var", "a", null)))).error())
                .isEqualTo("Field 'secrets[0].secret' is required to create a secret");
        assertThat(admin.put(url, Map.of("secrets", List.of(Map.of("type", "var", "name", "a", "secret", "x")))).error())
                .isEqualTo("Field 'secrets[0].operation' is required; allowed: create, update, delete");
        assertThat(admin.put(url, Map.of("secrets", List.of(secret("upsert", "var", "a", "x")))).status()).isEqualTo(400);
        ApiClient.Response unknown = admin.put(url, Map.of("secrets", List.of(Map.of("id", 987654, "operation", "delete"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).contains("secret 987654 is not a secret of this environment");
        assertThat(admin.put(url, Map.of("secrets", List.of(Map.of("operation", "update", "secret", "x")))).error())
                .isEqualTo("Field 'secrets[0].id' is required to update or delete a secret");
        assertThat(admin.put(url, Map.of("secrets", "TOKEN")).error()).isEqualTo("Field 'secrets' must be an array");
        assertThat(admin.put(url, Map.of("secrets", List.of(Map.of("operation", "create", "type", "var", "name", "a",
                "secret", 5)))).error()).isEqualTo("Field 'secrets[0].secret' must be a string");

        assertThat(admin.get(url).json()).isEqualTo(before);
        assertThat(admin.get("/api/project/" + p + "/environment").json()).hasSize(2);
    }

    @Test
    void secrets_ofAnotherEnvironment_cannotBeTouched() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Two envs");
        JsonNode a = create(admin, p, Map.of("name", "A", "json", "{}", "secrets", List.of(secret("create", "var", "x", "a-value"))));
        JsonNode b = create(admin, p, Map.of("name", "B", "json", "{}"));
        String bUrl = "/api/project/" + p + "/environment/" + b.get("id").asInt();
        int aSecret = secretId(a, "x");
        assertThat(admin.put(bUrl, Map.of("secrets", List.of(Map.of("id", aSecret, "operation", "delete")))).status()).isEqualTo(400);
        Map<String, Object> steal = new HashMap<>(secret("update", "var", "x", "overwritten"));
        steal.put("id", aSecret);
        assertThat(admin.put(bUrl, Map.of("secrets", List.of(steal))).status()).isEqualTo(400);
        assertThat(values(p, a.get("id").asInt())).containsEntry("var:x", "a-value");
    }

    @Test
    void json_invalid_is400WithLineAndColumn() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Bad json");
        String url = "/api/project/" + p + "/environment";
        ApiClient.Response broken = admin.post(url, Map.of("name", "x", "json", "{\n  \"a\": 1,\n  oops\n}"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.error()).startsWith("Field 'json' is not valid JSON: ").endsWith("(line 3, column 3)");
        ApiClient.Response badEnv = admin.post(url, Map.of("name", "x", "json", "{}", "env", "{\"A\": \"1\",}"));
        assertThat(badEnv.error()).startsWith("Field 'env' is not valid JSON: ").contains("(line 1, column");
        assertThat(admin.post(url, Map.of("name", "x", "json", "[1, 2]")).error())
                .isEqualTo("Field 'json' must be a JSON object such as {\"name\": \"value\"}, not an array");
        assertThat(admin.post(url, Map.of("name", "x", "json", "{} {}")).error()).startsWith("Field 'json' is not valid JSON");
        assertThat(admin.post(url, Map.of("name", "x", "json", "{\"a\": 1, \"a\": 2}")).error()).contains("Duplicate field 'a'");
        assertThat(admin.post(url, Map.of("name", "x", "json", "")).error()).startsWith("Field 'json' is empty");
        assertThat(admin.post(url, Map.of("name", "x")).error()).startsWith("Field 'json' is required");
        assertThat(admin.post(url, Map.of("name", "x", "json", "{}", "env", "{\"A\": {\"nested\": 1}}")).error())
                .isEqualTo("Field 'env': variable 'A' must be a string, number or boolean, not an object");
        assertThat(admin.post(url, Map.of("name", "x", "json", Map.of("a", 1))).error()).isEqualTo("Field 'json' must be a string");
        assertThat(admin.post(url, Map.of("json", "{}")).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.post(url, Map.of("name", "x", "json", "{}", "project_id", p + 1000)).error())
                .contains("does not match the project in the URL");
        assertThat(admin.get(url).json()).hasSize(1);
    }

    @Test
    void update_fields_andIdMismatch() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Edit");
        JsonNode e = create(admin, p, Map.of("name", "Dev", "json", "{\"a\": 1}", "env", "{\"X\": \"1\"}"));
        int id = e.get("id").asInt();
        String url = "/api/project/" + p + "/environment/" + id;
        assertThat(admin.put(url, Map.of("id", id, "project_id", p, "name", "Development", "json", "{\"b\": 2}", "env", ""))
                .status()).isEqualTo(204);
        JsonNode after = admin.get(url).json();
        assertThat(after.get("name").asText()).isEqualTo("Development");
        assertThat(after.get("json").asText()).isEqualTo("{\"b\": 2}");
        assertThat(after.get("env").asText()).isEmpty();
        assertThat(admin.put(url, Map.of("id", id + 1, "name", "x")).status()).isEqualTo(400);
        assertThat(admin.put(url, Map.of("json", "{oops}")).status()).isEqualTo(400);
        assertThat(admin.put(url, Map.of("name", "")).error()).isEqualTo("Field 'name' is required");
    }

    @Test
    void delete_inUse_is409NamingTheTemplate_thenDeletesSecretsToo() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Env in use");
        JsonNode e = create(admin, p, Map.of("name", "Live", "json", "{}", "secrets", List.of(secret("create", "var", "k", "v"))));
        int id = e.get("id").asInt();
        server.services().db().run(h -> {
            int none = h.createQuery("SELECT id FROM access_key WHERE project_id = :p AND name = 'None'").bind("p", p)
                    .mapTo(Integer.class).one();
            int repo = h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, ssh_key_id)"
                    + " VALUES (:p, 'Repo', '/srv/repo', :k)").bind("p", p).bind("k", none)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO project__template (project_id, name, repository_id, environment_id)"
                    + " VALUES (:p, 'Deploy app', :r, :e)").bind("p", p).bind("r", repo).bind("e", id).execute();
        });
        String url = "/api/project/" + p + "/environment/" + id;
        assertThat(admin.get(url + "/refs").json().get("templates").get(0).get("name").asText()).isEqualTo("Deploy app");

        ApiClient.Response inUse = admin.delete(url);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.error()).isEqualTo("Environment Live is in use by templates Deploy app; change or delete those first");

        server.services().db().run(h -> h.createUpdate("DELETE FROM project__template WHERE project_id = :p").bind("p", p).execute());
        assertThat(admin.delete(url).status()).isEqualTo(204);
        assertThat(admin.get(url).status()).isEqualTo(404);
        int left = server.services().db().read(h -> h.createQuery("SELECT COUNT(*) FROM access_key WHERE environment_id = :e")
                .bind("e", id).mapTo(Integer.class).one());
        assertThat(left).isZero();
        assertThat(admin.get("/api/project/" + p + "/events").json().get(0).get("description").asText())
                .isEqualTo("Environment Live deleted");
    }

    @Test
    void roles_membersRead_managersWrite_outsidersSeeNothing() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Env roles");
        String url = "/api/project/" + p + "/environment";
        int existing = create(admin, p, Map.of("name", "Shared", "json", "{}")).get("id").asInt();
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
            assertThat(c.get(url).status()).as(role).isEqualTo(read);
            assertThat(c.get(url + "/" + existing).status()).as(role).isEqualTo(read);
            assertThat(c.get(url + "/" + existing + "/refs").status()).as(role).isEqualTo(read);
            assertThat(c.post(url, Map.of("name", "by " + role, "json", "{}")).status()).as(role).isEqualTo(write);
            assertThat(c.put(url + "/" + existing, Map.of("name", "Shared")).status()).as(role).isEqualTo(write);
            int doomed = create(admin, p, Map.of("name", "doomed " + role, "json", "{}")).get("id").asInt();
            assertThat(c.delete(url + "/" + doomed).status()).as(role).isEqualTo(write);
        }
    }

    @Test
    void anotherProjectsEnvironment_isNotFound() {
        ApiClient admin = server.admin();
        int a = createProject(admin, "Env A");
        int b = createProject(admin, "Env B");
        int env = create(admin, a, Map.of("name", "Mine", "json", "{}")).get("id").asInt();
        String foreign = "/api/project/" + b + "/environment/" + env;
        assertThat(admin.get(foreign).status()).isEqualTo(404);
        assertThat(admin.get(foreign + "/refs").status()).isEqualTo(404);
        assertThat(admin.put(foreign, Map.of("name", "x")).status()).isEqualTo(404);
        assertThat(admin.delete(foreign).status()).isEqualTo(404);
        assertThat(admin.get("/api/project/" + a + "/environment/" + env).status()).isEqualTo(200);
    }

    /** Every row of project__environment, all columns as text, as read through JDBC. */
    static List<String> environmentRows() {
        return server.services().db().read(h -> h.createQuery("SELECT * FROM project__environment").map((rs, ctx) -> {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append(" | ");
            }
            return row.toString();
        }).list());
    }

    /** The stored (encrypted) password column of one environment. */
    static String storedPassword(int environmentId) {
        return server.services().db().read(h -> h.createQuery("SELECT password FROM project__environment WHERE id = :id")
                .bind("id", environmentId).mapTo(String.class).one());
    }

    /** {@code clear} is in no row of the table and, on SQLite, in neither the database file nor its WAL. */
    static void assertNotStoredInClear(DbKind db, String... clear) throws IOException {
        assertThat(environmentRows()).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain(clear));
        if (db == DbKind.SQLITE) {
            for (String file : List.of("test.sqlite", "test.sqlite-wal")) {
                Path f = server.dir().resolve(file);
                if (Files.exists(f)) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(file).doesNotContain(clear);
                }
            }
        }
    }

    @Test
    void password_isStoredEncrypted_andNoRoleReadsItBack() throws IOException {
        String password = "vault-pass-" + db + "-Qx81";
        ApiClient admin = server.admin();
        int p = createProject(admin, "Vaulted");
        int id = create(admin, p, Map.of("name", "Vaulted", "json", "{}", "password", password)).get("id").asInt();
        assertThat(server.services().secrets().decrypt(storedPassword(id))).isEqualTo(password);
        assertNotStoredInClear(db, password);

        String url = "/api/project/" + p + "/environment/" + id;
        List<ApiClient> readers = new java.util.ArrayList<>(List.of(admin));
        for (String role : List.of("owner", "manager", "task_runner", "guest")) {
            TestServer.NewUser u = server.newUser(false);
            assertThat(admin.post("/api/project/" + p + "/users", Map.of("user_id", u.id(), "role", role)).status()).isEqualTo(204);
            readers.add(u.client());
        }
        for (ApiClient c : readers) {
            ApiClient.Response one = c.get(url);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().get("password").isTextual()).isTrue();
            assertThat(one.json().get("password").asText()).isEmpty();
            ApiClient.Response list = c.get("/api/project/" + p + "/environment");
            assertThat(list.json()).allSatisfy(e -> assertThat(e.get("password").asText()).isEmpty());
            ApiClient.Response backup = c.get("/api/project/" + p + "/backup");
            assertThat(backup.status()).isEqualTo(200);
            assertThat(backup.json().get("environments")).allSatisfy(e -> assertThat(e.get("password").isNull()).isTrue());
            for (ApiClient.Response r : List.of(one, list, backup, c.get(url + "/refs"), c.get("/api/project/" + p + "/events"))) {
                assertThat(r.body()).doesNotContain(password);
            }
        }
    }

    @Test
    void password_update_absentOrEmptyKeeps_valueReplaces_nullClears() throws IOException {
        String first = "first-vault-" + db + "-Lp2";
        String second = "second-vault-" + db + "-Mk9";
        ApiClient admin = server.admin();
        int p = createProject(admin, "Vault edits");
        int id = create(admin, p, Map.of("name", "Edits", "json", "{}", "password", first)).get("id").asInt();
        String url = "/api/project/" + p + "/environment/" + id;

        assertThat(admin.put(url, Map.of("name", "Edits 2")).status()).isEqualTo(204);
        assertThat(server.services().secrets().decrypt(storedPassword(id))).as("absent keeps it").isEqualTo(first);
        JsonNode asRead = admin.get(url).json(); // what a client that reads, edits and sends back sends
        assertThat(admin.put(url, asRead.toString()).status()).isEqualTo(204);
        assertThat(server.services().secrets().decrypt(storedPassword(id))).as("\"\" keeps it").isEqualTo(first);

        assertThat(admin.put(url, Map.of("password", second)).status()).isEqualTo(204);
        assertThat(server.services().secrets().decrypt(storedPassword(id))).isEqualTo(second);
        assertNotStoredInClear(db, first, second);

        ApiClient.Response notText = admin.put(url, Map.of("password", 5));
        assertThat(notText.status()).isEqualTo(400);
        assertThat(notText.error()).isEqualTo("Field 'password' must be a string");
        assertThat(admin.put(url, Map.of("password", "x".repeat(256))).error())
                .isEqualTo("Field 'password' is longer than 255 characters");

        assertThat(admin.put(url, "{\"password\": null}").status()).isEqualTo(204);
        assertThat(storedPassword(id)).as("null clears it").isNull();
        assertThat(admin.get(url).json().get("password").asText()).isEmpty();
    }
}
