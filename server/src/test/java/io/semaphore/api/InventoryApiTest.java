package io.semaphore.api;

import static io.semaphore.api.RepositoryApiTest.addKey;
import static io.semaphore.api.RepositoryApiTest.addTemplate;
import static io.semaphore.api.RepositoryApiTest.body;
import static io.semaphore.api.RepositoryApiTest.createRepository;
import static io.semaphore.api.RepositoryApiTest.events;
import static io.semaphore.api.RepositoryApiTest.members;
import static io.semaphore.api.RepositoryApiTest.noneKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InventoryApiTest extends ServerOnEachDatabase {
    private static final String INI = "[web]\nweb1 ansible_host=10.0.0.1\n\n[web:vars]\nhttp_port=80\n\n[all:children]\nweb\n";
    private static final String YAML = "all:\n  hosts:\n    web1:\n      ansible_host: 10.0.0.1\n  children:\n    db:\n"
            + "      hosts:\n        db1:\n";

    private static String inv(int p) {
        return "/api/project/" + p + "/inventory";
    }

    private static int create(ApiClient c, int p, Object body) {
        ApiClient.Response r = c.post(inv(p), body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    // ---- CRUD ---------------------------------------------------------------------------------------------------

    @Test
    void crud_createIs201WithTheInventory_updateAndDeleteAre204_withEvents() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Inventories");
        int key = addKey(server, p, "login");
        int become = addKey(server, p, "sudo");
        ApiClient.Response created = admin.post(inv(p), body("id", 4242, "project_id", p, "name", " Prod ", "type", "static",
                "inventory", INI, "ssh_key_id", key, "become_key_id", become));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode i = created.json();
        assertThat(i.properties()).extracting(Map.Entry::getKey).containsExactly("id", "name", "project_id", "inventory",
                "ssh_key_id", "become_key_id", "type", "repository_id");
        int id = i.get("id").asInt();
        assertThat(id).isNotEqualTo(4242);
        assertThat(i.get("name").asText()).isEqualTo("Prod");
        assertThat(i.get("project_id").asInt()).isEqualTo(p);
        assertThat(i.get("inventory").asText()).isEqualTo(INI);
        assertThat(i.get("ssh_key_id").asInt()).isEqualTo(key);
        assertThat(i.get("become_key_id").asInt()).isEqualTo(become);
        assertThat(i.get("type").asText()).isEqualTo("static");
        assertThat(i.get("repository_id").isNull()).isTrue();
        assertThat(admin.get(inv(p) + "/" + id).json()).isEqualTo(i);
        assertThat(admin.get(inv(p)).json()).containsExactly(i);

        ApiClient.Response put = admin.put(inv(p) + "/" + id, body("id", id, "project_id", p, "name", "Prod YAML",
                "type", "static-yaml", "inventory", YAML, "ssh_key_id", key));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        JsonNode got = admin.get(inv(p) + "/" + id).json();
        assertThat(got.get("name").asText()).isEqualTo("Prod YAML");
        assertThat(got.get("type").asText()).isEqualTo("static-yaml");
        assertThat(got.get("inventory").asText()).isEqualTo(YAML);
        assertThat(got.get("become_key_id").isNull()).as("PUT replaces: an absent key is cleared").isTrue();

        assertThat(admin.delete(inv(p) + "/" + id).status()).isEqualTo(204);
        assertThat(admin.get(inv(p) + "/" + id).status()).isEqualTo(404);
        assertThat(admin.delete(inv(p) + "/" + id).status()).isEqualTo(404);
        assertThat(events(admin, p)).contains("Inventory Prod created", "Inventory Prod YAML updated",
                "Inventory Prod YAML deleted");
    }

    @Test
    void list_sortsByNameOrType() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Sorted inventories");
        create(admin, p, body("name", "beta", "type", "static", "inventory", ""));
        create(admin, p, body("name", "alpha", "type", "terraform-workspace", "inventory", "prod"));
        create(admin, p, body("name", "gamma", "type", "file", "inventory", "hosts.ini"));
        assertThat(names(admin.get(inv(p)))).containsExactly("alpha", "beta", "gamma");
        assertThat(names(admin.get(inv(p) + "?sort=name&order=desc"))).containsExactly("gamma", "beta", "alpha");
        assertThat(names(admin.get(inv(p) + "?sort=type&order=asc"))).containsExactly("gamma", "beta", "alpha");
        assertThat(admin.get(inv(p) + "?sort=inventory").error()).isEqualTo("Query parameter 'sort' is 'inventory'; allowed: name, type");
    }

    private static List<String> names(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    // ---- types ----------------------------------------------------------------------------------------------------

    @Test
    void everyType_withValidText_isAccepted() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Types");
        int repo = createRepository(admin, p, "inventories repo", "https://h/inv.git", "main", noneKey(server, p));
        assertThat(create(admin, p, body("name", "ini", "type", "static", "inventory", INI))).isPositive();
        assertThat(create(admin, p, body("name", "empty", "type", "static"))).isPositive();
        assertThat(create(admin, p, body("name", "yaml", "type", "static-yaml", "inventory", YAML))).isPositive();
        assertThat(create(admin, p, body("name", "json as yaml", "type", "static-yaml",
                "inventory", "{\"all\": {\"hosts\": {\"web1\": null}}}"))).isPositive();
        int file = create(admin, p, body("name", "file", "type", "file", "inventory", " inventories/prod/hosts.yml ",
                "repository_id", repo));
        JsonNode f = admin.get(inv(p) + "/" + file).json();
        assertThat(f.get("inventory").asText()).isEqualTo("inventories/prod/hosts.yml");
        assertThat(f.get("repository_id").asInt()).isEqualTo(repo);
        assertThat(create(admin, p, body("name", "file in template repo", "type", "file", "inventory", "./a/../hosts"))).isPositive();
        assertThat(create(admin, p, body("name", "workspace", "type", "terraform-workspace", "inventory", "prod-eu_1"))).isPositive();
        int staticWithRepo = create(admin, p, body("name", "static ignores repo", "type", "static", "inventory", INI,
                "repository_id", repo));
        assertThat(admin.get(inv(p) + "/" + staticWithRepo).json().get("repository_id").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "tofu-workspace | x => Field 'type' is 'tofu-workspace'; allowed: static, static-yaml, file, terraform-workspace",
            "ini | x => Field 'type' is 'ini'; allowed: static, static-yaml, file, terraform-workspace",
            "static | [web\\n[web servers] => Field 'inventory' line 2: '[web servers]' is not a valid section; use [group], [group:vars] or [group:children]",
            "static | [web:hosts] => Field 'inventory' line 1: section '[web:hosts]' has the unknown type 'hosts'",
            "static-yaml | [web]\\nweb1 => Field 'inventory' is not a valid YAML inventory: line 1: '[web]' is an INI section; use type 'static'",
            "static-yaml | all:\\n\\thosts: => Field 'inventory' is not a valid YAML inventory: line 2: it is indented with a tab",
            "static-yaml | all:\\n  hosts:\\n    web1:\\n   web2: => Field 'inventory' is not a valid YAML inventory: line 4: it is indented by 3 spaces",
            "static-yaml | - web1 => Field 'inventory' is not a valid YAML inventory: line 1: an inventory must be a mapping of groups",
            "file | /etc/ansible/hosts => Field 'inventory' must be a path relative to the repository root, such as inventories/prod.ini, not '/etc/ansible/hosts'",
            "file | ../other/hosts => Field 'inventory' '../other/hosts' leads outside the repository: '..' goes above its root",
            "file | inventories/../../hosts => Field 'inventory' 'inventories/../../hosts' leads outside the repository",
            "file | ~/hosts => Field 'inventory' must be a path relative to the repository root",
            "file | . => Field 'inventory' '.' names the repository root, not a file in it",
            "file |  => Field 'inventory' is required for type file: the path of the inventory file inside the repository",
            "terraform-workspace |  => Field 'inventory' is required for type terraform-workspace",
            "terraform-workspace | my workspace => Field 'inventory' 'my workspace' is not a valid Terraform workspace name",
            "terraform-workspace | a/b => Field 'inventory' 'a/b' is not a valid Terraform workspace name",
            "terraform-workspace | -prod => Field 'inventory' '-prod' is not a valid Terraform workspace name",
    })
    void badTypeOrText_is400NamingTheRule(String typeAndText, String message) {
        String[] parts = typeAndText.split("\\|", 2);
        String type = parts[0].trim();
        String text = (parts.length < 2 ? "" : parts[1].startsWith(" ") ? parts[1].substring(1) : parts[1])
                .replace("\\n", "\n").replace("\\t", "\t");
        ApiClient admin = server.admin();
        int p = createProject(admin, "Bad text");
        ApiClient.Response r = admin.post(inv(p), body("name", "i", "type", type, "inventory", text));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).startsWith(message);
        assertThat(admin.get(inv(p)).json()).isEmpty();
    }

    @Test
    void missingFields_wrongTypes_andMalformedJson_are400WithClearMessages() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Inventory input");
        assertThat(admin.post(inv(p), body("type", "static", "inventory", INI)).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.post(inv(p), body("name", "i", "inventory", INI)).error())
                .isEqualTo("Field 'type' is required; allowed: static, static-yaml, file, terraform-workspace");
        assertThat(admin.post(inv(p), body("name", "i", "type", "static", "ssh_key_id", "1")).error())
                .isEqualTo("Field 'ssh_key_id' must be a whole number");
        assertThat(admin.post(inv(p), body("name", "i", "type", "static", "inventory", 42)).error())
                .isEqualTo("Field 'inventory' must be a string");
        assertThat(admin.post(inv(p), body("name", "i", "type", true)).error()).isEqualTo("Field 'type' must be a string");
        assertThat(admin.post(inv(p), "{\"name\": \"i\",}").error()).startsWith("The request body is not valid JSON");
        assertThat(admin.post(inv(p), "\"static\"").error()).isEqualTo("The request body must be a JSON object");
        assertThat(admin.post(inv(p), body("project_id", p + 1, "name", "i", "type", "static")).error())
                .isEqualTo("Field 'project_id' (" + (p + 1) + ") does not match the project in the URL (" + p + ")");
        int id = create(admin, p, body("name", "i", "type", "static"));
        ApiClient.Response put = admin.put(inv(p) + "/" + id, body("id", id + 1, "name", "i", "type", "static"));
        assertThat(put.error()).isEqualTo("Inventory id in the body (" + (id + 1) + ") does not match the URL (" + id + ")");
        assertThat(admin.put(inv(p) + "/" + id, body("name", "i", "type", "nope")).status()).isEqualTo(400);
    }

    @Test
    void keysAndRepository_mustBeThisProjects() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Own keys");
        int other = createProject(admin, "Other keys");
        int foreignKey = addKey(server, other, "foreign");
        int foreignRepo = createRepository(admin, other, "foreign", "https://h/f.git", "main", noneKey(server, other));
        assertThat(admin.post(inv(p), body("name", "i", "type", "static", "ssh_key_id", foreignKey)).error())
                .isEqualTo("Field \'ssh_key_id\': key " + foreignKey + " does not exist in this project");
        assertThat(admin.post(inv(p), body("name", "i", "type", "static", "become_key_id", foreignKey)).error())
                .isEqualTo("Field \'become_key_id\': key " + foreignKey + " does not exist in this project");
        assertThat(admin.post(inv(p), body("name", "i", "type", "static", "ssh_key_id", 0)).error())
                .isEqualTo("Field \'ssh_key_id\': key 0 does not exist in this project");
        assertThat(admin.post(inv(p), body("name", "i", "type", "file", "inventory", "hosts", "repository_id", foreignRepo))
                .error()).isEqualTo("repository_id " + foreignRepo + " is not a repository of this project");
        int none = noneKey(server, p);
        int id = create(admin, p, body("name", "i", "type", "static", "ssh_key_id", none, "become_key_id", null));
        JsonNode got = admin.get(inv(p) + "/" + id).json();
        assertThat(got.get("ssh_key_id").asInt()).isEqualTo(none);
        assertThat(got.get("become_key_id").isNull()).isTrue();
        assertThat(admin.put(inv(p) + "/" + id, body("name", "i", "type", "static", "ssh_key_id", foreignKey)).status())
                .isEqualTo(400);
        assertThat(admin.get(inv(p) + "/" + id).json().get("ssh_key_id").asInt()).isEqualTo(none);
    }

    // ---- access ---------------------------------------------------------------------------------------------------

    @Test
    void roles_guestAndTaskRunnerRead_managerAndOwnerWrite_outsiderSeesNothing() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Inventory roles");
        int id = create(admin, p, body("name", "existing", "type", "static"));
        Map<String, ApiClient> members = members(server, p);
        for (var e : members.entrySet()) {
            String role = e.getKey();
            ApiClient c = e.getValue();
            boolean member = !role.equals("outsider");
            boolean writes = role.equals("owner") || role.equals("manager");
            int read = member ? 200 : 404;
            assertThat(c.get(inv(p)).status()).as(role).isEqualTo(read);
            assertThat(c.get(inv(p) + "/" + id).status()).as(role).isEqualTo(read);
            assertThat(c.get(inv(p) + "/" + id + "/refs").status()).as(role).isEqualTo(read);
            ApiClient.Response post = c.post(inv(p), body("name", "by " + role, "type", "static"));
            assertThat(post.status()).as(role + " " + post.body()).isEqualTo(!member ? 404 : writes ? 201 : 403);
            assertThat(c.put(inv(p) + "/" + id, body("name", "existing", "type", "static", "inventory", "# " + role))
                    .status()).as(role).isEqualTo(!member ? 404 : writes ? 204 : 403);
        }
        int victim = create(admin, p, body("name", "victim", "type", "static"));
        assertThat(members.get("outsider").delete(inv(p) + "/" + victim).status()).isEqualTo(404);
        assertThat(members.get("guest").delete(inv(p) + "/" + victim).status()).isEqualTo(403);
        assertThat(members.get("task_runner").delete(inv(p) + "/" + victim).status()).isEqualTo(403);
        assertThat(members.get("manager").delete(inv(p) + "/" + victim).status()).isEqualTo(204);
        int second = create(admin, p, body("name", "second", "type", "static"));
        assertThat(members.get("owner").delete(inv(p) + "/" + second).status()).isEqualTo(204);
    }

    @Test
    void anotherProjectsInventory_isNotFound() {
        ApiClient admin = server.admin();
        int mine = createProject(admin, "My hosts");
        int theirs = createProject(admin, "Their hosts");
        int id = create(admin, theirs, body("name", "theirs", "type", "static"));
        String path = inv(mine) + "/" + id;
        assertThat(admin.get(path).status()).isEqualTo(404);
        assertThat(admin.get(path + "/refs").status()).isEqualTo(404);
        assertThat(admin.put(path, body("name", "x", "type", "static")).status()).isEqualTo(404);
        assertThat(admin.delete(path).status()).isEqualTo(404);
        assertThat(admin.get(inv(theirs) + "/" + id).status()).isEqualTo(200);
    }

    // ---- references -----------------------------------------------------------------------------------------------

    @Test
    void delete_inUse_is409NamingTheTemplate_andRefsListIt() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Used inventory");
        int repo = createRepository(admin, p, "code", "https://h/c.git", "main", noneKey(server, p));
        int id = create(admin, p, body("name", "Staging", "type", "static"));
        JsonNode empty = admin.get(inv(p) + "/" + id + "/refs").json();
        assertThat(empty.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("templates", "inventories", "repositories", "schedules", "integrations");
        int template = addTemplate(server, p, "Deploy staging", repo, id);
        JsonNode refs = admin.get(inv(p) + "/" + id + "/refs").json();
        assertThat(refs.get("templates")).hasSize(1);
        assertThat(refs.get("templates").get(0).get("id").asInt()).isEqualTo(template);
        assertThat(refs.get("templates").get(0).get("name").asText()).isEqualTo("Deploy staging");
        assertThat(refs.get("inventories")).isEmpty();
        ApiClient.Response del = admin.delete(inv(p) + "/" + id);
        assertThat(del.status()).isEqualTo(409);
        assertThat(del.error()).isEqualTo("Inventory Staging is in use by templates Deploy staging; change or delete those first");
        assertThat(admin.get(inv(p) + "/" + id).status()).isEqualTo(200);
    }
}
