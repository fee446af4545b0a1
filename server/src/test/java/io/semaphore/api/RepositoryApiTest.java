package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryApiTest extends ServerOnEachDatabase {
    // ---- helpers shared with InventoryApiTest -------------------------------------------------------------------

    /** The "None" key every project gets when it is created. */
    static int noneKey(TestServer server, int projectId) {
        return server.services().db().read(h -> h.createQuery(
                        "SELECT id FROM access_key WHERE project_id = :p AND name = 'None' AND type = 'none'")
                .bind("p", projectId).mapTo(Integer.class).one());
    }

    /** A key row made with SQL: the key API is built elsewhere. */
    static int addKey(TestServer server, int projectId, String name) {
        return server.services().db().tx(h -> h.createUpdate(
                        "INSERT INTO access_key (name, type, project_id, owner) VALUES (:n, 'ssh', :p, '')")
                .bind("n", name).bind("p", projectId).executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** A template row made with SQL: the template API is built elsewhere. */
    static int addTemplate(TestServer server, int projectId, String name, int repositoryId, Integer inventoryId) {
        return server.services().db().tx(h -> h.createUpdate("INSERT INTO project__template (project_id, name, playbook,"
                        + " repository_id, inventory_id) VALUES (:p, :n, 'site.yml', :r, :i)")
                .bind("p", projectId).bind("n", name).bind("r", repositoryId).bind("i", inventoryId)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** A JSON object body that may hold nulls: "k1", v1, "k2", v2, ... */
    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Creates through the API (204, no body) and returns the new repository's id, found by its unique name. */
    static int createRepository(ApiClient c, int projectId, String name, String url, String branch, int keyId) {
        ApiClient.Response r = c.post("/api/project/" + projectId + "/repositories",
                body("name", name, "git_url", url, "git_branch", branch, "ssh_key_id", keyId));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        for (JsonNode n : c.get("/api/project/" + projectId + "/repositories").json()) {
            if (n.get("name").asText().equals(name)) {
                return n.get("id").asInt();
            }
        }
        throw new AssertionError("repository " + name + " not listed");
    }

    static Map<String, ApiClient> members(TestServer server, int projectId) {
        Map<String, ApiClient> clients = new LinkedHashMap<>();
        for (String role : List.of("owner", "manager", "task_runner", "guest")) {
            TestServer.NewUser u = server.newUser(false);
            ApiClient.Response r = server.admin().post("/api/project/" + projectId + "/users",
                    Map.of("user_id", u.id(), "role", role));
            assertThat(r.status()).as(r.body()).isEqualTo(204);
            clients.put(role, u.client());
        }
        clients.put("outsider", server.newUser(false).client());
        return clients;
    }

    static List<String> events(ApiClient c, int projectId) {
        List<String> out = new ArrayList<>();
        c.get("/api/project/" + projectId + "/events").json().forEach(e -> out.add(e.get("description").asText()));
        return out;
    }

    private String repos(int p) {
        return "/api/project/" + p + "/repositories";
    }

    // ---- CRUD ---------------------------------------------------------------------------------------------------

    @Test
    void crud_withSemaphoreStatusCodesShapesAndEvents() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Repos");
        int none = noneKey(server, p);
        ApiClient.Response created = admin.post(repos(p), body("id", 9999, "project_id", p, "name", " Demo ",
                "git_url", "https://github.com/semaphoreui/demo-project.git", "git_branch", "main", "ssh_key_id", none));
        assertThat(created.status()).as(created.body()).isEqualTo(204);
        assertThat(created.body()).isEmpty();

        JsonNode list = admin.get(repos(p)).json();
        assertThat(list).hasSize(1);
        int id = list.get(0).get("id").asInt();
        assertThat(id).isNotEqualTo(9999);
        JsonNode got = admin.get(repos(p) + "/" + id).json();
        assertThat(got.properties()).extracting(Map.Entry::getKey)
                .containsExactly("id", "name", "project_id", "git_url", "git_branch", "ssh_key_id");
        assertThat(got.get("name").asText()).isEqualTo("Demo");
        assertThat(got.get("project_id").asInt()).isEqualTo(p);
        assertThat(got.get("git_url").asText()).isEqualTo("https://github.com/semaphoreui/demo-project.git");
        assertThat(got.get("git_branch").asText()).isEqualTo("main");
        assertThat(got.get("ssh_key_id").asInt()).isEqualTo(none);

        int key = addKey(server, p, "Deploy key");
        ApiClient.Response updated = admin.put(repos(p) + "/" + id, body("id", id, "project_id", p, "name", "Demo 2",
                "git_url", "git@github.com:semaphoreui/demo-project.git", "git_branch", "develop", "ssh_key_id", key));
        assertThat(updated.status()).as(updated.body()).isEqualTo(204);
        got = admin.get(repos(p) + "/" + id).json();
        assertThat(got.get("name").asText()).isEqualTo("Demo 2");
        assertThat(got.get("git_url").asText()).isEqualTo("git@github.com:semaphoreui/demo-project.git");
        assertThat(got.get("git_branch").asText()).isEqualTo("develop");
        assertThat(got.get("ssh_key_id").asInt()).isEqualTo(key);

        assertThat(admin.delete(repos(p) + "/" + id).status()).isEqualTo(204);
        assertThat(admin.get(repos(p) + "/" + id).status()).isEqualTo(404);
        assertThat(admin.delete(repos(p) + "/" + id).status()).isEqualTo(404);
        assertThat(admin.get(repos(p)).json()).isEmpty();
        assertThat(events(admin, p)).contains("Repository Demo created", "Repository Demo 2 updated",
                "Repository Demo 2 deleted");
    }

    @Test
    void list_sortsByNameGitUrlOrKey_inEitherOrder() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Sorted");
        int none = noneKey(server, p);
        int alpha = addKey(server, p, "A key");
        createRepository(admin, p, "bravo", "https://host/a.git", "main", none);
        createRepository(admin, p, "alpha", "https://host/c.git", "main", none);
        createRepository(admin, p, "charlie", "https://host/b.git", "main", alpha);
        assertThat(names(admin.get(repos(p)))).containsExactly("alpha", "bravo", "charlie");
        assertThat(names(admin.get(repos(p) + "?sort=name&order=desc"))).containsExactly("charlie", "bravo", "alpha");
        assertThat(names(admin.get(repos(p) + "?sort=git_url&order=asc"))).containsExactly("bravo", "charlie", "alpha");
        assertThat(names(admin.get(repos(p) + "?sort=ssh_key"))).first().isEqualTo("charlie");
        ApiClient.Response bad = admin.get(repos(p) + "?sort=owner");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("Query parameter 'sort' is 'owner'; allowed: name, git_url, ssh_key");
        assertThat(admin.get(repos(p) + "?order=up").error()).isEqualTo("Query parameter 'order' is 'up'; allowed: asc, desc");
    }

    private static List<String> names(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    // ---- git_url and git_branch ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "ssh://git@github.com/org/repo.git",
            "ssh://git@git.example.com:2222/org/repo.git",
            "ssh://git.example.com/repo",
            "git@github.com:org/repo.git",
            "deploy@10.0.0.5:/srv/git/repo.git",
            "https://github.com/org/repo.git",
            "https://user@gitlab.example.com:8443/group/sub/repo",
            "http://git.local/repo.git",
            "git://git.kernel.org/pub/scm/git/git.git",
            "file:///srv/git/repo.git",
            "/srv/repo",
            "git@example.com",
            "github-work:org/repo.git",
            "ssh://git@host:2222/~/repo.git",
            "https://user:token@host/repo",
            "https://github.com",
            "github.com/org/repo",
            "relative/path",
            "../sibling/repo.git",
            "codecommit::eu-west-1://repo",
            "[::1]:repo.git",
    })
    void gitUrl_everyFormGitOrSshConfigAccepts_isAccepted(String url) {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Kinds");
        ApiClient.Response r = admin.post(repos(p), body("name", "r", "git_url", url, "git_branch", "main",
                "ssh_key_id", noneKey(server, p)));
        assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(204);
        assertThat(admin.get(repos(p)).json().get(0).get("git_url").asText()).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "https://host/my repo.git => Field 'git_url' must not contain spaces",
            "-oProxyCommand=evil@host:repo => Field 'git_url' must not start with '-', which git would read as an option",
            "--upload-pack=touch /tmp/x => Field 'git_url' must not contain spaces",
            "--upload-pack=id => Field 'git_url' must not start with '-'",
            "ext::sh -c id => Field 'git_url' must not contain spaces",
            "ext::id%20x => Field 'git_url' uses git's 'ext::' transport, which runs a command",
            "EXT::id => Field 'git_url' uses git's 'ext::' transport",
            "fd::3 => Field 'git_url' uses git's 'fd::' transport",
            "ssh://-oProxyCommand=id/repo.git => Field 'git_url' has a user or host starting with '-', which ssh would read",
            "ssh://%2DoProxyCommand=id/repo.git => Field 'git_url' has a user or host starting with '-'",
            "ssh://-oProxyCommand=id@host/repo.git => Field 'git_url' has a user or host starting with '-'",
            "git@-oProxyCommand=id:repo.git => Field 'git_url' has a user or host starting with '-'",
            "-oProxyCommand=id:repo.git => Field 'git_url' must not start with '-'",
            "ssh://[-oProxyCommand=id]/repo.git => Field 'git_url' has a user or host starting with '-'",
            "[-oProxyCommand=id]:repo.git => Field 'git_url' has a user or host starting with '-'",
            "/ => Field 'git_url' '/' is not a repository",
    })
    void gitUrl_thatCanNeverWorkOrIsDangerous_is400SayingWhy(String url, String message) {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Bad urls");
        ApiClient.Response r = admin.post(repos(p), body("name", "r", "git_url", url, "git_branch", "main",
                "ssh_key_id", noneKey(server, p)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).startsWith(message);
    }

    @Test
    void gitUrl_withControlCharacters_orMissing_is400() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Control");
        int none = noneKey(server, p);
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "https://host/re\npo.git", "git_branch", "main",
                "ssh_key_id", none)).error()).isEqualTo("Field 'git_url' must not contain control characters such as tabs or line breaks");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "/srv/re\tpo", "ssh_key_id", none)).status()).isEqualTo(400);
        assertThat(admin.post(repos(p), body("name", "r", "git_branch", "main", "ssh_key_id", none)).error())
                .startsWith("Field 'git_url' is required, such as git@github.com:org/repo.git");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "  ", "git_branch", "main", "ssh_key_id", none))
                .status()).isEqualTo(400);
    }

    @Test
    void gitBranch_requiredExceptForLocalPath_andMustBeAValidName() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Branches");
        int none = noneKey(server, p);
        ApiClient.Response missing = admin.post(repos(p), body("name", "r", "git_url", "https://host/r.git", "ssh_key_id", none));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).startsWith("Field 'git_branch' is required");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "file:///srv/r", "git_branch", "", "ssh_key_id", none))
                .status()).isEqualTo(400);
        // a branch is passed to git too: nothing that git could read as an option gets through
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "https://host/r.git", "git_branch", "--upload-pack=id",
                "ssh_key_id", none)).error()).isEqualTo("Field 'git_branch' '--upload-pack=id' is not a valid branch name:"
                + " it must not start with '-'");

        int local = createRepository(admin, p, "local", "/srv/local-repo", null, none);
        assertThat(admin.get(repos(p) + "/" + local).json().get("git_branch").asText()).isEmpty();

        for (String bad : List.of("feature one", "-upload-pack", "a..b", "topic.lock", "x~1", "refs/heads/", "a:b")) {
            ApiClient.Response r = admin.post(repos(p), body("name", "r", "git_url", "https://host/r.git",
                    "git_branch", bad, "ssh_key_id", none));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.error()).as(bad).startsWith("Field 'git_branch' '" + bad + "' is not a valid branch name: ");
        }
        assertThat(admin.post(repos(p), body("name", "ok", "git_url", "https://host/r.git", "git_branch", "release/1.2",
                "ssh_key_id", none)).status()).isEqualTo(204);
    }

    // ---- other bad input ----------------------------------------------------------------------------------------

    @Test
    void missingFields_wrongTypes_andMalformedJson_are400WithClearMessages() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Input");
        int none = noneKey(server, p);
        assertThat(admin.post(repos(p), body("git_url", "https://h/r.git", "git_branch", "main", "ssh_key_id", none)).error())
                .isEqualTo("Field 'name' is required");
        assertThat(admin.post(repos(p), body("name", " ", "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", none)).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "https://h/r.git", "git_branch", "main")).error())
                .startsWith("Field 'ssh_key_id' is required");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", "abc")).error()).isEqualTo("Field 'ssh_key_id' must be a whole number");
        assertThat(admin.post(repos(p), body("name", 5, "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", none)).error()).isEqualTo("Field 'name' must be a string");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", List.of("x"), "git_branch", "main",
                "ssh_key_id", none)).error()).isEqualTo("Field 'git_url' must be a string");
        assertThat(admin.post(repos(p), body("name", "r".repeat(256), "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", none)).error()).isEqualTo("Field 'name' is longer than 255 characters");
        ApiClient.Response malformed = admin.post(repos(p), "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).startsWith("The request body is not valid JSON");
        assertThat(admin.post(repos(p), "[1]").error()).isEqualTo("The request body must be a JSON object");
        assertThat(admin.send("POST", repos(p), "").status()).isEqualTo(400);
        assertThat(admin.get(repos(p)).json()).isEmpty();
    }

    @Test
    void projectIdInBody_mustMatch_andUpdateIdMustMatch() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Ids");
        int none = noneKey(server, p);
        ApiClient.Response r = admin.post(repos(p), body("project_id", p + 1000, "name", "r", "git_url", "https://h/r.git",
                "git_branch", "main", "ssh_key_id", none));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("Field 'project_id' (" + (p + 1000) + ") does not match the project in the URL (" + p + ")");
        int id = createRepository(admin, p, "r", "https://h/r.git", "main", none);
        ApiClient.Response put = admin.put(repos(p) + "/" + id, body("id", id + 1, "name", "r", "git_url", "https://h/r.git",
                "git_branch", "main", "ssh_key_id", none));
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.error()).isEqualTo("Repository id in the body (" + (id + 1) + ") does not match the URL (" + id + ")");
        ApiClient.Response partial = admin.put(repos(p) + "/" + id, body("name", "renamed"));
        assertThat(partial.status()).isEqualTo(400);
        assertThat(partial.error()).startsWith("Field 'git_url' is required");
        assertThat(admin.get(repos(p) + "/" + id).json().get("name").asText()).isEqualTo("r");
    }

    @Test
    void sshKey_ofAnotherProject_orMissing_is400() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Mine");
        int other = createProject(admin, "Theirs");
        int foreign = noneKey(server, other);
        ApiClient.Response r = admin.post(repos(p), body("name", "r", "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", foreign));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("Field \'ssh_key_id\': key " + foreign + " does not exist in this project");
        assertThat(admin.post(repos(p), body("name", "r", "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", 987654)).error()).isEqualTo("Field \'ssh_key_id\': key 987654 does not exist in this project");
        int id = createRepository(admin, p, "r", "https://h/r.git", "main", noneKey(server, p));
        assertThat(admin.put(repos(p) + "/" + id, body("name", "r", "git_url", "https://h/r.git", "git_branch", "main",
                "ssh_key_id", foreign)).status()).isEqualTo(400);
        assertThat(admin.get(repos(p) + "/" + id).json().get("ssh_key_id").asInt()).isEqualTo(noneKey(server, p));
    }

    // ---- access ---------------------------------------------------------------------------------------------------

    @Test
    void roles_guestAndTaskRunnerRead_managerAndOwnerWrite_outsiderSeesNothing() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Roles");
        int none = noneKey(server, p);
        int id = createRepository(admin, p, "existing", "https://h/r.git", "main", none);
        Map<String, ApiClient> members = members(server, p);
        for (var e : members.entrySet()) {
            String role = e.getKey();
            ApiClient c = e.getValue();
            boolean member = !role.equals("outsider");
            boolean writes = role.equals("owner") || role.equals("manager");
            int read = member ? 200 : 404;
            assertThat(c.get(repos(p)).status()).as(role).isEqualTo(read);
            assertThat(c.get(repos(p) + "/" + id).status()).as(role).isEqualTo(read);
            assertThat(c.get(repos(p) + "/" + id + "/refs").status()).as(role).isEqualTo(read);
            int write = !member ? 404 : writes ? 204 : 403;
            ApiClient.Response post = c.post(repos(p), body("name", "by " + role, "git_url", "https://h/r.git",
                    "git_branch", "main", "ssh_key_id", none));
            assertThat(post.status()).as(role + " " + post.body()).isEqualTo(write);
            if (write == 403) {
                assertThat(post.error()).contains("(" + role + ") does not allow this");
            }
            assertThat(c.put(repos(p) + "/" + id, body("name", "existing", "git_url", "https://h/r.git",
                    "git_branch", role.replace('_', '-'), "ssh_key_id", none)).status()).as(role).isEqualTo(write);
        }
        int victim = createRepository(admin, p, "victim", "https://h/v.git", "main", none);
        assertThat(members.get("outsider").delete(repos(p) + "/" + victim).status()).isEqualTo(404);
        assertThat(members.get("guest").delete(repos(p) + "/" + victim).status()).isEqualTo(403);
        assertThat(members.get("task_runner").delete(repos(p) + "/" + victim).status()).isEqualTo(403);
        assertThat(members.get("manager").delete(repos(p) + "/" + victim).status()).isEqualTo(204);
        int second = createRepository(admin, p, "second", "https://h/s.git", "main", none);
        assertThat(members.get("owner").delete(repos(p) + "/" + second).status()).isEqualTo(204);
    }

    @Test
    void anotherProjectsRepository_isNotFound() {
        ApiClient admin = server.admin();
        int mine = createProject(admin, "Here");
        int theirs = createProject(admin, "There");
        int id = createRepository(admin, theirs, "theirs", "https://h/t.git", "main", noneKey(server, theirs));
        String path = repos(mine) + "/" + id;
        assertThat(admin.get(path).status()).isEqualTo(404);
        assertThat(admin.get(path + "/refs").status()).isEqualTo(404);
        assertThat(admin.put(path, body("name", "x", "git_url", "https://h/t.git", "git_branch", "main",
                "ssh_key_id", noneKey(server, mine))).status()).isEqualTo(404);
        assertThat(admin.delete(path).status()).isEqualTo(404);
        assertThat(admin.get(repos(mine) + "/abc").status()).isEqualTo(404);
        assertThat(admin.get(repos(theirs) + "/" + id).status()).isEqualTo(200);
    }

    // ---- references -----------------------------------------------------------------------------------------------

    @Test
    void delete_inUse_is409NamingTheUsers_andRefsListThem() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "In use");
        int none = noneKey(server, p);
        int id = createRepository(admin, p, "used", "https://h/u.git", "main", none);
        JsonNode empty = admin.get(repos(p) + "/" + id + "/refs").json();
        assertThat(empty.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("templates", "inventories", "repositories", "schedules", "integrations");
        empty.forEach(list -> assertThat(list).isEmpty());

        int template = addTemplate(server, p, "Deploy", id, null);
        ApiClient.Response inv = admin.post("/api/project/" + p + "/inventory", body("name", "Prod hosts", "type", "file",
                "inventory", "inventories/prod.ini", "repository_id", id));
        assertThat(inv.status()).as(inv.body()).isEqualTo(201);
        // a schedule watching the repository for new commits (Semaphore's backups may hold one; inactive here)
        server.services().db().run(h -> h.createUpdate("INSERT INTO project__schedule (project_id, template_id,"
                + " cron_format, name, active, repository_id) VALUES (:p, :t, '* * * * *', '', FALSE, :r)")
                .bind("p", p).bind("t", template).bind("r", id).execute());
        int schedule = server.services().db().read(h -> h.createQuery("SELECT id FROM project__schedule"
                + " WHERE repository_id = :r").bind("r", id).mapTo(Integer.class).one());

        JsonNode refs = admin.get(repos(p) + "/" + id + "/refs").json();
        assertThat(refs.get("templates")).hasSize(1);
        assertThat(refs.get("templates").get(0).get("id").asInt()).isEqualTo(template);
        assertThat(refs.get("templates").get(0).get("name").asText()).isEqualTo("Deploy");
        assertThat(refs.get("inventories").get(0).get("name").asText()).isEqualTo("Prod hosts");
        assertThat(refs.get("repositories")).isEmpty();
        assertThat(refs.get("schedules")).hasSize(1);
        assertThat(refs.get("schedules").get(0).get("id").asInt()).isEqualTo(schedule);
        assertThat(refs.get("schedules").get(0).get("name").asText()).isEqualTo("Schedule " + schedule);
        assertThat(refs.get("integrations")).isEmpty();

        ApiClient.Response del = admin.delete(repos(p) + "/" + id);
        assertThat(del.status()).isEqualTo(409);
        assertThat(del.error()).isEqualTo("Repository used is in use by templates Deploy; inventories Prod hosts;"
                + " schedules Schedule " + schedule + "; change or delete those first");
        assertThat(admin.get(repos(p) + "/" + id).status()).isEqualTo(200);
        server.services().db().run(h -> h.execute("DELETE FROM project__schedule WHERE id = ?", schedule));

        server.services().db().run(h -> h.execute("DELETE FROM project__template WHERE id = ?", template));
        assertThat(admin.delete("/api/project/" + p + "/inventory/" + inv.json().get("id").asInt()).status()).isEqualTo(204);
        assertThat(admin.delete(repos(p) + "/" + id).status()).isEqualTo(204);
    }

    @Test
    void deletingTheProject_removesItsRepositoriesAndInventories() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Doomed");
        int key = addKey(server, p, "k");
        int repo = createRepository(admin, p, "r", "https://h/r.git", "main", key);
        ApiClient.Response inv = admin.post("/api/project/" + p + "/inventory", body("name", "i", "type", "file",
                "inventory", "hosts.ini", "repository_id", repo, "ssh_key_id", key, "become_key_id", key));
        assertThat(inv.status()).as(inv.body()).isEqualTo(201);
        addTemplate(server, p, "t", repo, inv.json().get("id").asInt());
        assertThat(admin.delete("/api/project/" + p).status()).isEqualTo(204);
        int left = server.services().db().read(h -> h.createQuery(
                        "SELECT (SELECT COUNT(*) FROM project__repository WHERE project_id = :p)"
                                + " + (SELECT COUNT(*) FROM project__inventory WHERE project_id = :p)"
                                + " + (SELECT COUNT(*) FROM project__template WHERE project_id = :p)"
                                + " + (SELECT COUNT(*) FROM access_key WHERE project_id = :p)")
                .bind("p", p).mapTo(Integer.class).one());
        assertThat(left).isZero();
        assertThat(admin.get(repos(p)).status()).isEqualTo(404);
    }
}
