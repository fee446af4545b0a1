package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateApiTest extends ServerOnEachDatabase {
    int project;
    int repository;
    int inventory;
    int environment;
    int key;
    String base;

    @BeforeEach
    void project() {
        project = server.admin().post("/api/projects", Map.of("name", "T")).json().get("id").asInt();
        base = "/api/project/" + project;
        key = sqlInt("SELECT id FROM access_key WHERE project_id = :p AND name = 'None'");
        environment = sqlInt("SELECT id FROM project__environment WHERE project_id = :p");
        server.services().db().run(h -> {
            h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, git_branch, ssh_key_id)"
                    + " VALUES (:p, 'repo', 'https://example.com/r.git', 'main', :k)").bind("p", project).bind("k", key).execute();
            h.createUpdate("INSERT INTO project__inventory (project_id, name, type, inventory)"
                    + " VALUES (:p, 'inv', 'static', 'localhost')").bind("p", project).execute();
        });
        repository = sqlInt("SELECT id FROM project__repository WHERE project_id = :p");
        inventory = sqlInt("SELECT id FROM project__inventory WHERE project_id = :p");
    }

    int sqlInt(String sql) {
        return server.services().db().read(h -> h.createQuery(sql).bind("p", project).mapTo(Integer.class).one());
    }

    Map<String, Object> template(String name) {
        Map<String, Object> t = new HashMap<>();
        t.put("name", name);
        t.put("app", "ansible");
        t.put("playbook", "site.yml");
        t.put("repository_id", repository);
        t.put("inventory_id", inventory);
        t.put("environment_id", environment);
        return t;
    }

    @Test
    void surveyVariableWithoutName_isIgnored_notStored() {
        Map<String, Object> body = template("Nameless survey row");
        Map<String, Object> noName = new HashMap<>(Map.of("title", "Forgot the name", "type", ""));
        body.put("survey_vars", List.of(Map.of("name", "", "title", "Empty", "type", "int"), noName,
                Map.of("name", "version", "title", "Version", "type", "")));
        ApiClient.Response r = server.admin().post(base + "/templates", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("survey_vars")).hasSize(1);
        int id = r.json().get("id").asInt();
        JsonNode stored = server.admin().get(base + "/templates/" + id).json().get("survey_vars");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("name").asText()).isEqualTo("version");

        body.put("survey_vars", List.of(Map.of("name", "  ", "type", ""), Map.of("name", "region", "type", "")));
        assertThat(server.admin().put(base + "/templates/" + id, body).status()).isEqualTo(204);
        stored = server.admin().get(base + "/templates/" + id).json().get("survey_vars");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("name").asText()).isEqualTo("region");
    }

    @Test
    void create_returns201WithSemaphoreFields_andGetListAgree() {
        Map<String, Object> body = template("Deploy web");
        body.put("arguments", "[\"--tags\", \"web\"]");
        body.put("description", "Deploys the web tier");
        body.put("allow_override_args_in_task", true);
        body.put("survey_vars", List.of(Map.of("name", "version", "title", "Version", "type", "", "required", true),
                Map.of("name", "region", "title", "Region", "type", "enum", "required", false,
                        "values", List.of(Map.of("name", "EU", "value", "eu-west-1")))));
        body.put("vaults", List.of(Map.of("vault_key_id", key, "name", "prod")));
        body.put("id", 5555);
        ApiClient.Response r = server.admin().post(base + "/templates", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode t = r.json();
        int id = t.get("id").asInt();
        assertThat(id).isNotEqualTo(5555);
        assertThat(t.get("project_id").asInt()).isEqualTo(project);
        assertThat(t.get("app").asText()).isEqualTo("ansible");
        assertThat(t.get("type").asText()).isEmpty();
        assertThat(t.get("arguments").asText()).isEqualTo("[\"--tags\", \"web\"]");
        assertThat(t.get("survey_vars")).hasSize(2);
        assertThat(t.get("survey_vars").get(1).get("values").get(0).get("value").asText()).isEqualTo("eu-west-1");
        assertThat(t.get("vaults").get(0).get("name").asText()).isEqualTo("prod");
        assertThat(t.get("vaults").get(0).get("vault_key_id").asInt()).isEqualTo(key);
        assertThat(t.get("start_version").isNull()).isTrue();
        assertThat(t.get("last_task").isNull()).as("the answer carries last_task like every template route").isTrue();
        assertThat(t.get("git_branch").asText()).as("unset: \"\", never null").isEmpty();
        assertThat(server.admin().get(base + "/templates/" + id).json()).isEqualTo(t);
        assertThat(server.admin().get(base + "/templates").json().get(0)).isEqualTo(t);
    }

    @Test
    void update_replacesTheTemplate_includingVaults_andClearsWhatIsLeftOut() {
        int id = server.admin().post(base + "/templates", template("A")).json().get("id").asInt();
        Map<String, Object> change = template("B");
        change.put("vaults", List.of(Map.of("type", "script", "script", "vault.sh")));
        assertThat(server.admin().put(base + "/templates/" + id, change).status()).isEqualTo(204);
        JsonNode t = server.admin().get(base + "/templates/" + id).json();
        assertThat(t.get("name").asText()).isEqualTo("B");
        assertThat(t.get("vaults").get(0).get("type").asText()).isEqualTo("script");
        assertThat(t.get("vaults").get(0).get("name").asText()).isEqualTo("default");
        Map<String, Object> noEnv = template("C");
        noEnv.remove("environment_id");
        assertThat(server.admin().put(base + "/templates/" + id, noEnv).status()).isEqualTo(204);
        JsonNode cleared = server.admin().get(base + "/templates/" + id).json();
        assertThat(cleared.get("environment_id").isNull()).isTrue();
        assertThat(cleared.get("vaults")).isEmpty();
        assertThat(server.admin().put(base + "/templates/" + id, Map.of("description", "only this")).error())
                .isEqualTo("Field 'name' is required");
    }

    @Test
    void badInput_is400NamingTheField() {
        ApiClient admin = server.admin();
        Map<String, Object> noName = template("x");
        noName.remove("name");
        assertThat(admin.post(base + "/templates", noName).error()).isEqualTo("Field 'name' is required");
        Map<String, Object> badApp = template("x");
        badApp.put("app", "chef");
        assertThat(admin.post(base + "/templates", badApp).error()).contains("ansible, terraform, tofu, bash, python, powershell");
        Map<String, Object> noPlaybook = template("x");
        noPlaybook.remove("playbook");
        assertThat(admin.post(base + "/templates", noPlaybook).error()).contains("'playbook'");
        Map<String, Object> badArgs = template("x");
        badArgs.put("arguments", "[\"a\", 1]");
        assertThat(admin.post(base + "/templates", badArgs).error()).contains("'arguments'");
        badArgs.put("arguments", "[\"a\"");
        assertThat(admin.post(base + "/templates", badArgs).error()).contains("not valid JSON").contains("line 1");
        Map<String, Object> otherRepo = template("x");
        otherRepo.put("repository_id", 987654);
        assertThat(admin.post(base + "/templates", otherRepo).error()).contains("'repository_id'").contains("does not exist");
        Map<String, Object> noInventory = template("x");
        noInventory.remove("inventory_id");
        assertThat(admin.post(base + "/templates", noInventory).error()).contains("'inventory_id'");
        Map<String, Object> badSurvey = template("x");
        badSurvey.put("survey_vars", List.of(Map.of("name", "bad name", "type", "")));
        assertThat(admin.post(base + "/templates", badSurvey).status()).isEqualTo(400);
        Map<String, Object> enumNoValues = template("x");
        enumNoValues.put("survey_vars", List.of(Map.of("name", "e", "type", "enum")));
        assertThat(admin.post(base + "/templates", enumNoValues).error()).contains("needs values");
        Map<String, Object> build = template("x");
        build.put("type", "build");
        assertThat(admin.post(base + "/templates", build).error()).contains("'start_version'");
        Map<String, Object> deploy = template("x");
        deploy.put("type", "deploy");
        assertThat(admin.post(base + "/templates", deploy).error()).contains("'build_template_id'");
        Map<String, Object> wrongType = template("x");
        wrongType.put("repository_id", "one");
        assertThat(admin.post(base + "/templates", wrongType).error()).isEqualTo("Field 'repository_id' must be a whole number");
        assertThat(admin.get(base + "/templates/424242").status()).isEqualTo(404);
    }

    @Test
    void buildAndDeploy_pipeline_andBuildInUseCannotBeDeleted() {
        ApiClient admin = server.admin();
        Map<String, Object> build = template("Build");
        build.put("type", "build");
        build.put("start_version", "1.0.0");
        int buildId = admin.post(base + "/templates", build).json().get("id").asInt();
        Map<String, Object> deploy = template("Deploy");
        deploy.put("type", "deploy");
        deploy.put("build_template_id", buildId);
        deploy.put("autorun", true);
        deploy.put("start_version", "9.9.9");
        JsonNode d = admin.post(base + "/templates", deploy).json();
        assertThat(d.get("build_template_id").asInt()).isEqualTo(buildId);
        assertThat(d.get("autorun").asBoolean()).isTrue();
        assertThat(d.get("start_version").isNull()).isTrue();
        ApiClient.Response schedule = admin.post(base + "/schedules", Map.of("template_id", buildId,
                "name", "Nightly build", "cron_format", "0 2 * * *", "active", false));
        assertThat(schedule.status()).as(schedule.body()).isBetween(200, 201);
        ApiClient.Response refs = admin.get(base + "/templates/" + buildId + "/refs");
        assertThat(refs.json().get("templates").get(0).get("name").asText()).isEqualTo("Deploy");
        assertThat(refs.json().get("schedules")).hasSize(1);
        assertThat(refs.json().get("schedules").get(0).get("id").asInt()).isEqualTo(schedule.json().get("id").asInt());
        assertThat(refs.json().get("schedules").get(0).get("name").asText()).isEqualTo("Nightly build");
        assertThat(refs.json().get("inventories")).isEmpty();
        assertThat(refs.json().get("repositories")).isEmpty();
        assertThat(refs.json().get("integrations")).isEmpty();
        ApiClient.Response del = admin.delete(base + "/templates/" + buildId);
        assertThat(del.status()).isEqualTo(409);
        assertThat(del.error()).contains("templates Deploy").doesNotContain("schedules"); // its schedules go with it
        Map<String, Object> deployOnTask = template("Bad");
        deployOnTask.put("type", "deploy");
        deployOnTask.put("build_template_id", d.get("id").asInt());
        assertThat(admin.post(base + "/templates", deployOnTask).error()).contains("not a build template");
    }

    @Test
    void terraformTemplate_withoutInventory_getsItsWorkspaceInventory() {
        Map<String, Object> tf = template("Infra");
        tf.put("app", "terraform");
        tf.remove("inventory_id");
        tf.remove("playbook");
        JsonNode t = server.admin().post(base + "/templates", tf).json();
        int inv = t.get("inventory_id").asInt();
        assertThat(inv).isPositive();
        String type = server.services().db().read(h -> h.createQuery("SELECT type FROM project__inventory WHERE id = :i")
                .bind("i", inv).mapTo(String.class).one());
        assertThat(type).isEqualTo("terraform-workspace");
    }

    @Test
    void viewTemplates_andDeletingAViewKeepsItsTemplates() {
        ApiClient admin = server.admin();
        int view = admin.post(base + "/views", Map.of("title", "Ops", "position", 1)).json().get("id").asInt();
        Map<String, Object> t = template("In view");
        t.put("view_id", view);
        int id = admin.post(base + "/templates", t).json().get("id").asInt();
        admin.post(base + "/templates", template("No view"));
        assertThat(admin.get(base + "/views/" + view + "/templates").json()).hasSize(1);
        assertThat(admin.delete(base + "/views/" + view).status()).isEqualTo(204);
        assertThat(admin.get(base + "/templates/" + id).json().get("view_id").isNull()).isTrue();
    }

    @Test
    void delete_removesTemplate_andRolesAreEnforced() {
        ApiClient admin = server.admin();
        int id = admin.post(base + "/templates", template("Gone")).json().get("id").asInt();
        TestServer.NewUser guest = server.newUser(false);
        TestServer.NewUser runner = server.newUser(false);
        TestServer.NewUser manager = server.newUser(false);
        admin.post(base + "/users", Map.of("user_id", guest.id(), "role", "guest"));
        admin.post(base + "/users", Map.of("user_id", runner.id(), "role", "task_runner"));
        admin.post(base + "/users", Map.of("user_id", manager.id(), "role", "manager"));
        assertThat(guest.client().get(base + "/templates/" + id).status()).isEqualTo(200);
        assertThat(guest.client().post(base + "/templates", template("g")).status()).isEqualTo(403);
        assertThat(runner.client().put(base + "/templates/" + id, template("r")).status()).isEqualTo(403);
        assertThat(runner.client().delete(base + "/templates/" + id).status()).isEqualTo(403);
        assertThat(manager.client().put(base + "/templates/" + id, template("m")).status()).isEqualTo(204);
        assertThat(server.newUser(false).client().get(base + "/templates/" + id).status()).isEqualTo(404);
        assertThat(manager.client().delete(base + "/templates/" + id).status()).isEqualTo(204);
        assertThat(admin.get(base + "/templates/" + id).status()).isEqualTo(404);
    }
}
