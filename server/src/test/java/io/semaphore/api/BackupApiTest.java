package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(DbKind.class)
class BackupApiTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static TestServer other;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db);
        other = TestServer.start(db);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        other.close();
    }

    static String semaphoreBackup() {
        return fixture("semaphore-ui-v2.10.json");
    }

    static String fixture(String name) {
        try (InputStream in = BackupApiTest.class.getResourceAsStream("/backups/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void restore_aSemaphoreUiBackup_createsEverything() {
        ApiClient admin = server.admin();
        ApiClient.Response r = admin.post("/api/projects/restore", semaphoreBackup());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int p = r.json().get("id").asInt();
        assertThat(r.json().get("name").asText()).isEqualTo("webshop");
        assertThat(r.json().get("alert").asBoolean()).isTrue();
        String base = "/api/project/" + p;
        assertThat(admin.get(base + "/keys").json()).hasSize(3);
        assertThat(admin.get(base + "/keys").json().findValuesAsText("empty")).contains("true");
        JsonNode templates = admin.get(base + "/templates").json();
        assertThat(templates).hasSize(3);
        JsonNode rollout = find(templates, "Roll out");
        JsonNode pkg = find(templates, "Package");
        assertThat(rollout.get("build_template_id").asInt()).isEqualTo(pkg.get("id").asInt());
        assertThat(rollout.get("survey_vars").get(0).get("type").asText()).isEqualTo("int");
        assertThat(pkg.get("vaults").get(0).get("name").asText()).isEqualTo("default");
        assertThat(admin.get(base + "/inventory").json().get(0).get("inventory").asText()).contains("staging-1");
        assertThat(admin.get(base + "/role").json().get("role").asText()).isEqualTo("owner");
        int schedules = server.services().db().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM project__schedule WHERE project_id = :p AND cron_format = '30 2 * * *' AND repository_id IS NULL")
                .bind("p", p).mapTo(Integer.class).one());
        assertThat(schedules).isEqualTo(1);
    }

    /** Backups as Semaphore v2.10 writes them (survey_vars as JSON text), and the example of its API description. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"semaphore-ui-v2.10.json", "semaphore-ui-v2.10-full.json",
            "semaphore-api-v2.10-example.json"})
    void restore_ofEverySemaphoreV210Fixture_succeeds_andKeepsWhatItHolds(String name) throws Exception {
        ApiClient admin = server.admin();
        JsonNode doc = new ObjectMapper().readTree(fixture(name));
        ApiClient.Response r = admin.post("/api/projects/restore", doc.toString());
        assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(200);
        String base = "/api/project/" + r.json().get("id").asInt();
        assertThat(admin.get(base + "/keys").json().findValuesAsText("name"))
                .containsExactlyInAnyOrderElementsOf(doc.get("keys").findValuesAsText("name"));
        assertThat(admin.get(base + "/repositories").json()).hasSize(doc.get("repositories").size());
        assertThat(admin.get(base + "/inventory").json()).hasSize(doc.get("inventories").size());
        assertThat(admin.get(base + "/environment").json()).hasSize(doc.get("environments").size());
        assertThat(admin.get(base + "/views").json()).hasSize(doc.get("views").size());
        JsonNode templates = admin.get(base + "/templates").json();
        assertThat(templates).hasSize(doc.get("templates").size());
        for (JsonNode t : doc.get("templates")) {
            JsonNode sv = t.get("survey_vars");
            JsonNode expected = sv == null || sv.isNull() ? new ObjectMapper().createArrayNode()
                    : sv.isTextual() ? new ObjectMapper().readTree(sv.asText()) : sv;
            JsonNode restored = find(templates, t.get("name").asText()).get("survey_vars");
            assertThat(restored.findValuesAsText("name")).as(t.get("name").asText())
                    .isEqualTo(expected.findValuesAsText("name"));
        }
        for (JsonNode i : doc.get("inventories")) {
            if (i.get("type").asText().equals("file") && i.get("inventory").asText().isEmpty()) {
                JsonNode restored = null;
                for (JsonNode x : admin.get(base + "/inventory").json()) {
                    restored = x.get("name").asText().equals(i.get("name").asText()) ? x : restored;
                }
                assertThat(restored.get("inventory").asText()).as("a file inventory without its path, as is").isEmpty();
            }
        }
        // our own backup of it is in v2.10's format again: survey_vars as JSON text
        JsonNode backup = admin.get(base + "/backup").json();
        for (JsonNode t : backup.get("templates")) {
            assertThat(t.get("survey_vars").isTextual()).as(t.toString()).isTrue();
        }
    }

    @Test
    void backup_writesSurveyVarsAsJsonText_andRestoreReadsTextOrList() throws Exception {
        ApiClient admin = server.admin();
        int p = admin.post("/api/projects/restore", fixture("semaphore-ui-v2.10-full.json")).json().get("id").asInt();
        JsonNode backup = admin.get("/api/project/" + p + "/backup").json();
        JsonNode deploy = find(backup.get("templates"), "Deploy app");
        JsonNode vars = new ObjectMapper().readTree(deploy.get("survey_vars").asText());
        java.util.List<String> names = new java.util.ArrayList<>();
        vars.forEach(v -> names.add(v.get("name").asText()));
        assertThat(names).containsExactly("version", "replicas", "region", "db_password");
        assertThat(vars.get(2).get("values").get(1).get("value").asText()).isEqualTo("us-east-1");

        ObjectNode asList = backup.deepCopy();
        ((ObjectNode) asList.get("meta")).put("name", "From a later Semaphore");
        for (JsonNode t : asList.get("templates")) {
            ((ObjectNode) t).set("survey_vars", new ObjectMapper().readTree(t.get("survey_vars").asText()));
        }
        ApiClient.Response r = admin.post("/api/projects/restore", asList.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode again = admin.get("/api/project/" + r.json().get("id").asInt() + "/backup").json();
        ((ObjectNode) again.get("meta")).put("name", backup.get("meta").get("name").asText());
        assertThat(again).isEqualTo(backup);
    }

    @Test
    void backup_restoreIntoAFreshServer_backupAgain_givesTheSameDocument() throws Exception {
        ApiClient admin = server.admin();
        int p = admin.post("/api/projects/restore", semaphoreBackup()).json().get("id").asInt();
        JsonNode first = admin.get("/api/project/" + p + "/backup").json();
        assertThat(first.get("keys")).hasSize(3);
        assertThat(first.toString()).doesNotContain("\"id\"");

        ApiClient elsewhere = other.admin();
        ApiClient.Response restored = elsewhere.post("/api/projects/restore", first.toString());
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        JsonNode second = elsewhere.get("/api/project/" + restored.json().get("id").asInt() + "/backup").json();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void backup_leavesSecretsOut() {
        ApiClient admin = server.admin();
        int p = admin.post("/api/projects", Map.of("name", "Secretive")).json().get("id").asInt();
        assertThat(admin.post("/api/project/" + p + "/keys", Map.of("name", "pw", "type", "login_password",
                "login_password", Map.of("login", "deployer", "password", "hunter2-secret"))).status()).isEqualTo(204);
        String backup = admin.get("/api/project/" + p + "/backup").body();
        assertThat(backup).contains("\"pw\"").doesNotContain("hunter2-secret").doesNotContain("deployer");
        TestServer.NewUser guest = server.newUser(false);
        admin.post("/api/project/" + p + "/users", Map.of("user_id", guest.id(), "role", "guest"));
        assertThat(guest.client().get("/api/project/" + p + "/backup").status()).isEqualTo(200);
    }

    @Test
    void restore_aBadFile_isRefusedWithWhatIsWrong_andCreatesNothing() throws Exception {
        ApiClient admin = server.admin();
        int before = admin.get("/api/projects").json().size();
        ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(semaphoreBackup());
        ((ObjectNode) doc.get("templates").get(0)).put("repository", "Missing repo");
        ((ObjectNode) doc.get("keys").get(1)).put("name", "None");
        ApiClient.Response r = admin.post("/api/projects/restore", doc.toString());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("Missing repo").contains("'None' is used twice").contains("nothing was created");
        assertThat(admin.get("/api/projects").json()).hasSize(before);

        // Valid references but a value the services refuse (a bad git URL): still nothing half-created.
        ObjectNode bad = (ObjectNode) new ObjectMapper().readTree(semaphoreBackup());
        ((ObjectNode) bad.get("repositories").get(0)).put("git_url", "not a url at all");
        ApiClient.Response r2 = admin.post("/api/projects/restore", bad.toString());
        assertThat(r2.status()).isEqualTo(400);
        assertThat(r2.error()).contains("nothing was created");
        assertThat(admin.get("/api/projects").json()).hasSize(before);
        int orphans = server.services().db().read(h -> h.createQuery("SELECT COUNT(*) FROM project WHERE name = 'webshop'"
                + " AND id NOT IN (SELECT project_id FROM project__user)").mapTo(Integer.class).one());
        assertThat(orphans).isZero();

        assertThat(admin.post("/api/projects/restore", "{\"meta\": ").status()).isEqualTo(400);
        assertThat(admin.post("/api/projects/restore", "{}").error()).contains("meta.name");
    }

    @Test
    void restore_byNonAdmin_isForbiddenByDefault() {
        TestServer.NewUser u = server.newUser(false);
        assertThat(u.client().post("/api/projects/restore", semaphoreBackup()).status()).isEqualTo(403);
    }

    @Test
    void restore_aBackupWithAnEnvironmentPassword_storesItEncrypted_andBackupsLeaveItOut() throws Exception {
        String password = "restored-vault-" + db + "-Hw4";
        ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(semaphoreBackup());
        ((ObjectNode) doc.get("environments").get(0)).put("password", password);
        ApiClient admin = server.admin();
        ApiClient.Response r = admin.post("/api/projects/restore", doc.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int p = r.json().get("id").asInt();

        String stored = server.services().db().read(h -> h.createQuery("SELECT password FROM project__environment"
                + " WHERE project_id = :p AND name = 'Defaults'").bind("p", p).mapTo(String.class).one());
        assertThat(server.services().secrets().decrypt(stored)).isEqualTo(password);
        List<String> rows = server.services().db().read(h -> h.createQuery("SELECT * FROM project__environment")
                .map((rs, ctx) -> {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append(rs.getString(i)).append(" | ");
                    }
                    return row.toString();
                }).list());
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain(password));

        JsonNode backup = admin.get("/api/project/" + p + "/backup").json();
        assertThat(backup.get("environments").get(0).has("password")).as("Semaphore's field stays").isTrue();
        assertThat(backup.get("environments").get(0).get("password").isNull()).isTrue();
        assertThat(backup.toString()).doesNotContain(password);
        assertThat(admin.get("/api/project/" + p + "/environment").body()).doesNotContain(password);
    }

    @Test
    void restore_aBodyThatIsNoBackupObject_is400() {
        ApiClient admin = server.admin();
        int before = admin.get("/api/projects").json().size();
        ApiClient.Response isNull = admin.post("/api/projects/restore", "null");
        assertThat(isNull.status()).as(isNull.body()).isEqualTo(400);
        assertThat(isNull.error()).isEqualTo("The request body is null; send a JSON object");
        ApiClient.Response array = admin.post("/api/projects/restore", "[]");
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.error()).isEqualTo("The request body must be a JSON object");
        assertThat(admin.post("/api/projects/restore", "").error()).isEqualTo("The request body is empty; send a JSON object");
        assertThat(admin.get("/api/projects").json()).hasSize(before);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }
}
