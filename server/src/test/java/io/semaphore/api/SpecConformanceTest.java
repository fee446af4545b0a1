package io.semaphore.api;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.SpecSchemas;
import io.semaphore.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Responses of the implemented routes match the definitions of Semaphore's API spec. */
class SpecConformanceTest {
    static TestServer server;
    static ApiClient admin;
    static int project;

    @BeforeAll
    static void start() {
        server = TestServer.start(DbKind.SQLITE);
        admin = server.admin();
        project = admin.post("/api/projects", Map.of("name", "Spec")).json().get("id").asInt();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void users() {
        SpecSchemas.assertMatches(admin.get("/api/user").json(), "User");
        admin.get("/api/users").json().forEach(u -> SpecSchemas.assertMatches(u, "User"));
        SpecSchemas.assertMatches(admin.get("/api/users/1").json(), "User");
        SpecSchemas.assertMatches(admin.post("/api/users", Map.of("username", "spec", "name", "Spec", "email",
                "spec@example.com", "password", "pw")).json(), "User");
    }

    @Test
    void tokens() {
        SpecSchemas.assertMatches(admin.post("/api/user/tokens", "{}").json(), "APIToken");
        admin.get("/api/user/tokens").json().forEach(t -> SpecSchemas.assertMatches(t, "APIToken"));
    }

    @Test
    void projects() {
        SpecSchemas.assertMatches(admin.get("/api/project/" + project).json(), "Project");
        admin.get("/api/projects").json().forEach(p -> SpecSchemas.assertMatches(p, "Project"));
        admin.get("/api/project/" + project + "/users").json().forEach(u -> SpecSchemas.assertMatches(u, "ProjectUser"));
        admin.get("/api/project/" + project + "/events").json().forEach(e -> SpecSchemas.assertMatches(e, "Event"));
        SpecSchemas.assertMatches(server.anonymous().get("/api/auth/login").json(), "LoginMetadata");
    }

    @Test
    void views() {
        String base = "/api/project/" + project + "/views";
        SpecSchemas.assertMatches(admin.post(base, Map.of("title", "V", "position", 1)).json(), "View");
        admin.get(base).json().forEach(v -> SpecSchemas.assertMatches(v, "View"));
    }

    @Test
    void templates() {
        int project = admin.post("/api/projects", Map.of("name", "Spec templates")).json().get("id").asInt();
        int key = server.services().db().read(h -> h.createQuery("SELECT id FROM access_key WHERE project_id = :p")
                .bind("p", project).mapTo(Integer.class).one());
        server.services().db().run(h -> {
            h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, git_branch, ssh_key_id)"
                    + " VALUES (:p, 'r', '/srv/repo', '', :k)").bind("p", project).bind("k", key).execute();
            h.createUpdate("INSERT INTO project__inventory (project_id, name, type, inventory) VALUES (:p, 'i', 'static', '')")
                    .bind("p", project).execute();
        });
        int repo = server.services().db().read(h -> h.createQuery("SELECT id FROM project__repository WHERE project_id = :p")
                .bind("p", project).mapTo(Integer.class).one());
        int inv = server.services().db().read(h -> h.createQuery("SELECT id FROM project__inventory WHERE project_id = :p")
                .bind("p", project).mapTo(Integer.class).one());
        int env = server.services().db().read(h -> h.createQuery("SELECT id FROM project__environment WHERE project_id = :p")
                .bind("p", project).mapTo(Integer.class).one());
        int view = admin.post("/api/project/" + project + "/views", Map.of("title", "T")).json().get("id").asInt();
        String base = "/api/project/" + project + "/templates";
        var body = new java.util.HashMap<String, Object>(Map.of("name", "t", "playbook", "p.yml", "repository_id", repo,
                "inventory_id", inv, "environment_id", env, "view_id", view, "arguments", "[]", "description", "d",
                "git_branch", "main"));
        body.put("survey_vars", List.of(Map.of("name", "v", "title", "V", "description", "", "type", "int", "required", true)));
        body.put("vaults", List.of(Map.of("vault_key_id", key)));
        var t = admin.post(base, body);
        SpecSchemas.assertMatches(t.json(), "Template");
        t.json().get("survey_vars").forEach(v -> SpecSchemas.assertMatches(v, "TemplateSurveyVar"));
        t.json().get("vaults").forEach(v -> SpecSchemas.assertMatches(v, "TemplateVault"));
        admin.get(base).json().forEach(x -> SpecSchemas.assertMatches(x, "Template"));
    }

    @Test
    void keysRepositoriesInventoriesEnvironments() {
        int project = admin.post("/api/projects", Map.of("name", "Spec resources")).json().get("id").asInt();
        String base = "/api/project/" + project;
        admin.post(base + "/keys", Map.of("name", "lp", "type", "login_password",
                "login_password", Map.of("login", "u", "password", "p")));
        admin.get(base + "/keys").json().forEach(k -> SpecSchemas.assertMatches(k, "AccessKey"));
        int key = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "repo", "git_url", "https://example.com/r.git",
                "git_branch", "main", "ssh_key_id", key));
        admin.get(base + "/repositories").json().forEach(r -> SpecSchemas.assertMatches(r, "Repository"));
        SpecSchemas.assertMatches(admin.post(base + "/inventory", Map.of("name", "inv", "type", "static",
                "inventory", "localhost", "ssh_key_id", key, "become_key_id", key)).json(), "Inventory");
        admin.get(base + "/inventory").json().forEach(i -> SpecSchemas.assertMatches(i, "Inventory"));
        admin.post(base + "/environment", Map.of("name", "env", "json", "{}", "env", "{}", "password", ""));
        admin.get(base + "/environment").json().forEach(e -> SpecSchemas.assertMatches(e, "Environment", "password", "env"));
        SpecSchemas.assertMatches(admin.get(base + "/backup").json(), "ProjectBackup");
    }
}
