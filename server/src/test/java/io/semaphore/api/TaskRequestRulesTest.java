package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a task request may change of its template, by role, with hostile values in every field a request carries:
 * a task runner gets only what the template allows; owners and managers keep Semaphore's freedom; values that could
 * be read as options are refused for everyone; and no attack runs a command (its marker file never appears).
 */
class TaskRequestRulesTest extends ServerOnEachDatabase {
    static final ObjectMapper JSON = new ObjectMapper();

    ApiClient admin;
    ApiClient runner;
    ApiClient manager;
    String base;
    int project;
    Path repoDir;
    Path marker;
    Path seen;
    int template;
    int repository;

    @BeforeEach
    void project() throws Exception {
        admin = server.admin();
        project = createProject(admin, "Rules");
        base = "/api/project/" + project;
        marker = server.dir().resolve("pwned-" + project);
        seen = Files.createDirectories(server.dir().resolve("seen-" + project));
        // deploy.sh records its own command line, its arguments and the secret it gets through the environment,
        // so the test reads them from files (the task's output is masked)
        repoDir = GitRepos.create(server.dir(), "rules-repo-" + project, Map.of(
                "deploy.sh", "#!/bin/bash\n"
                        + "tr '\\0' '\\n' < /proc/$$/cmdline > '" + seen + "/cmdline-'\"$$\"\n"
                        + "printf '%s\\n' \"$@\" > '" + seen + "/args'\n"
                        + "printf '%s' \"$token\" > '" + seen + "/token'\n"
                        + "echo \"deployed $*\"\n",
                "x.sh", "#!/bin/bash\ntouch '" + marker + "'\n",
                "show-config.sh", "#!/bin/bash\ncat '" + server.dir().resolve("config.json") + "'\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        ApiClient.Response r = admin.post(base + "/repositories", Map.of("name", "scripts", "git_url", repoDir.toString(),
                "git_branch", "main", "ssh_key_id", none));
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
        repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        template = template("deploy", "bash", "deploy.sh", Map.of("survey_vars", List.of(
                Map.of("name", "stage", "title", "Stage", "type", "enum",
                        "values", List.of(Map.of("name", "Dev", "value", "dev"), Map.of("name", "Prod", "value", "prod"))),
                Map.of("name", "count", "title", "Count", "type", "int"),
                Map.of("name", "note", "title", "Note", "type", ""),
                Map.of("name", "token", "title", "Token", "type", "secret"))));
        runner = member("task_runner");
        manager = member("manager");
    }

    @AfterEach
    void nothingRan() {
        assertThat(marker).as("an attack ran a command").doesNotExist();
    }

    ApiClient member(String role) {
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response r = admin.post(base + "/users", Map.of("user_id", u.id(), "role", role));
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
        return u.client();
    }

    int template(String name, String app, String playbook, Map<String, Object> extra) {
        Map<String, Object> t = new HashMap<>(Map.of("name", name, "app", app, "playbook", playbook,
                "repository_id", repository));
        t.putAll(extra);
        ApiClient.Response r = admin.post(base + "/templates", t);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    ApiClient.Response start(ApiClient who, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("template_id", template));
        body.putAll(fields);
        return who.post(base + "/tasks", body);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    JsonNode awaitEnd(long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode t = admin.get(base + "/tasks/" + id).json();
            String status = t.get("status").asText();
            if (status.equals("success") || status.equals("error") || status.equals("stopped")) {
                return t;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("task " + id + " did not end");
    }

    List<String> output(long id) {
        List<String> lines = new ArrayList<>();
        admin.get(base + "/tasks/" + id + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        return lines;
    }

    /** Starts the task, expects 201 and success; returns its output. */
    List<String> runs(ApiClient who, Map<String, Object> fields) {
        ApiClient.Response r = start(who, fields);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        JsonNode done = awaitEnd(id);
        List<String> out = output(id);
        assertThat(done.get("status").asText()).as(String.join("\n", out)).isEqualTo("success");
        return out;
    }

    void refused(ApiClient who, Map<String, Object> fields, int status, String... messageParts) {
        ApiClient.Response r = start(who, fields);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.error()).contains(messageParts);
    }

    @Test
    void theReportedAttack_optionLikePlaybookWithAShellCommandInAnExtraVar_isRefused() {
        String command = "1;touch " + marker;
        refused(runner, Map.of("playbook", "-c", "environment", json(Map.of("x", command))), 400,
                "Field 'playbook' '-c' starts with '-'");
        refused(admin, Map.of("playbook", "-c", "environment", json(Map.of("x", command))), 400,
                "Field 'playbook' '-c' starts with '-'");
        refused(runner, Map.of("playbook", "--version"), 400, "'--version' starts with '-'");
        refused(runner, Map.of("environment", json(Map.of("x", command))), 403,
                "Your role in this project (task_runner) may not set extra variable 'x': template 'deploy' has no"
                        + " survey variable of that name; ask a manager to add one");
    }

    @Test
    void playbook_aRunnerMayNotRunAnotherFile_andNobodyLeavesTheRepository() {
        refused(runner, Map.of("playbook", "x.sh"), 403,
                "Your role in this project (task_runner) may not set 'playbook' to 'x.sh': template 'deploy' runs"
                        + " 'deploy.sh'");
        refused(runner, Map.of("playbook", "../outside"), 400, "leads outside the repository");
        refused(admin, Map.of("playbook", "/etc/passwd"), 400, "must be a path relative to the repository root");
        refused(runner, Map.of("playbook", "deploy.sh\nx"), 400, "control characters");
        runs(runner, Map.of("playbook", "deploy.sh")); // the template's own
        runs(runner, Map.of("playbook", ""));
    }

    @Test
    void environment_aRunnerSetsOnlySurveyVariables_withValuesTheyCanTake() {
        refused(runner, Map.of("environment", json(Map.of("ansible_python_interpreter", "/bin/sh -c 'touch x'"))), 403,
                "may not set extra variable 'ansible_python_interpreter'");
        refused(runner, Map.of("environment", json(Map.of("ansible_connection", "local"))), 403,
                "may not set extra variable 'ansible_connection'");
        refused(runner, Map.of("environment", json(Map.of("-c", "touch " + marker))), 403,
                "may not set extra variable '-c'");
        refused(runner, Map.of("environment", json(Map.of("count", "12;touch " + marker))), 400,
                "survey variable 'count' is an integer; '12;touch " + marker + "' is not a whole number");
        refused(runner, Map.of("environment", json(Map.of("stage", "staging"))), 400,
                "survey variable 'stage' is 'staging'; allowed: dev, prod");
        refused(runner, Map.of("environment", json(Map.of("note", Map.of("a", 1)))), 400,
                "survey variable 'note' takes one value");
        refused(runner, Map.of("environment", json(Map.of("note", List.of("a")))), 400, "not a list");
        refused(runner, Map.of("secret", json(Map.of("note", "x"))), 403,
                "may not set secret 'note': template 'deploy' has no survey variable of type secret of that name");
        refused(runner, Map.of("secret", json(Map.of("ansible_become_password", "x"))), 403,
                "may not set secret 'ansible_become_password'");
        refused(runner, Map.of("environment", "[1]"), 400, "must be a JSON object");

        runs(runner, Map.of("environment", json(Map.of("stage", "prod", "count", 3, "note", "a b;c")),
                "secret", json(Map.of("token", "runner-s3cret"))));
        assertThat(lines(seen.resolve("args"))).containsExactlyInAnyOrder("stage=prod", "count=3", "note=a b;c");
        assertThat(seen.resolve("token")).hasContent("runner-s3cret");
    }

    @Test
    void ownersAndManagers_keepSemaphoresFreedom_theirExtraVarsReachTheApp() {
        List<String> out = runs(manager, Map.of("environment", json(Map.of("free_var", "chosen", "stage", "anything"))));
        assertThat(out).anyMatch(l -> l.contains("deployed") && l.contains("free_var=chosen"));
        assertThat(lines(seen.resolve("args"))).contains("free_var=chosen", "stage=anything");
        runs(admin, Map.of("playbook", "deploy.sh", "environment", json(Map.of("ansible_connection", "local")),
                "limit", "web"));
        assertThat(lines(seen.resolve("args"))).contains("ansible_connection=local");
        ApiClient owner = member("owner");
        runs(owner, Map.of("environment", json(Map.of("by_owner", "1")), "secret", json(Map.of("other_secret", "o-s3cret"))));
        assertThat(lines(seen.resolve("args"))).contains("by_owner=1").noneMatch(a -> a.contains("o-s3cret"));
    }

    @Test
    void limitArgumentsAndInventory_followTheTemplate() {
        refused(runner, Map.of("limit", "all"), 403,
                "Your role in this project (task_runner) may not set 'limit': template 'deploy' does not let tasks limit"
                        + " the hosts; ask a manager to enable task_params.allow_override_limit");
        refused(admin, Map.of("limit", "web\n--become"), 400, "Field 'limit' must not contain control characters");
        refused(runner, Map.of("arguments", json(List.of("-c", "touch " + marker))), 400,
                "does not allow overriding arguments");
        int other = createProject(admin, "Other");
        admin.post("/api/project/" + other + "/inventory", Map.of("name", "theirs", "type", "static", "inventory", "x\n",
                "ssh_key_id", admin.get("/api/project/" + other + "/keys").json().get(0).get("id").asInt()));
        int theirs = admin.get("/api/project/" + other + "/inventory").json().get(0).get("id").asInt();
        refused(runner, Map.of("inventory_id", theirs), 400, "Field 'inventory_id': inventory " + theirs
                + " does not exist in this project");
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/inventory", Map.of("name", "ours", "type", "static", "inventory", "localhost\n", "ssh_key_id", none));
        int ours = admin.get(base + "/inventory").json().get(0).get("id").asInt();
        refused(runner, Map.of("inventory_id", ours), 403, "may not set 'inventory_id': template 'deploy' (bash)"
                + " uses no inventory");

        int limited = template("limited", "bash", "deploy.sh", Map.of("task_params", Map.of("allow_override_limit", true)));
        ApiClient.Response ok = runner.post(base + "/tasks", Map.of("template_id", limited, "limit", "web"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        awaitEnd(ok.json().get("id").asLong());
        int ansible = template("play", "ansible", "site.yml", Map.of("inventory_id", ours,
                "task_params", Map.of("allow_override_inventory", false)));
        ApiClient.Response no = runner.post(base + "/tasks", Map.of("template_id", ansible, "inventory_id", 999999));
        assertThat(no.status()).as(no.body()).isEqualTo(400);
        admin.post(base + "/inventory", Map.of("name", "second", "type", "static", "inventory", "localhost\n", "ssh_key_id", none));
        int second = admin.get(base + "/inventory").json().findValues("id").stream().mapToInt(JsonNode::asInt)
                .filter(i -> i != ours).findFirst().orElseThrow();
        ApiClient.Response forbidden = runner.post(base + "/tasks", Map.of("template_id", ansible, "inventory_id", second));
        assertThat(forbidden.status()).as(forbidden.body()).isEqualTo(403);
        assertThat(forbidden.error()).contains("may not set 'inventory_id': template 'play' does not let tasks choose"
                + " the inventory; ask a manager to enable task_params.allow_override_inventory");
    }

    @Test
    void branchAndCommit_areCheckedLikeTheRepositorysBranch() {
        refused(runner, Map.of("git_branch", "--upload-pack=touch " + marker), 400, "does not allow choosing the branch");
        int branchy = template("branchy", "bash", "deploy.sh", Map.of("allow_override_branch_in_task", true));
        ApiClient.Response bad = runner.post(base + "/tasks", Map.of("template_id", branchy,
                "git_branch", "--upload-pack=touch " + marker));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.error()).contains("Field 'git_branch'", "is not a valid branch name", "must not start with '-'");
        ApiClient.Response dots = admin.post(base + "/tasks", Map.of("template_id", branchy, "git_branch", "a..b"));
        assertThat(dots.status()).isEqualTo(400);
        refused(admin, Map.of("commit_hash", "-x"), 400, "Field 'commit_hash' '-x' starts with '-'");
        refused(admin, Map.of("commit_hash", "--upload-pack=touch " + marker), 400, "starts with '-'");
        refused(admin, Map.of("commit_hash", "abc def"), 400, "without spaces or control characters");
        String head = GitRepos.head(repoDir);
        refused(runner, Map.of("commit_hash", head), 403,
                "may not set 'commit_hash': template 'deploy' does not let tasks choose the branch or commit");
        ApiClient.Response ok = runner.post(base + "/tasks", Map.of("template_id", branchy, "commit_hash", head,
                "git_branch", "main"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        JsonNode done = awaitEnd(ok.json().get("id").asLong());
        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.get("commit_hash").asText()).isEqualTo(head);
    }

    @Test
    void aMessageWithLineBreaks_runsHarmlessly() {
        List<String> out = runs(runner, Map.of("message", "first\n--upload-pack=touch " + marker + "\n$(touch " + marker + ")"));
        assertThat(out).anyMatch(l -> l.startsWith("deployed"));
    }

    @Test
    void secrets_neverAppearOnACommandLine() throws Exception {
        ApiClient.Response e = admin.post(base + "/environment", Map.of("name", "vars", "json", "{}",
                "secrets", List.of(Map.of("type", "var", "name", "db_password", "secret", "env-var-s3cret", "operation", "create"))));
        assertThat(e.status()).as(e.body()).isEqualTo(204);
        int env = admin.get(base + "/environment").json().get(0).get("id").asInt();
        int withEnv = template("with-env", "bash", "deploy.sh", Map.of("environment_id", env, "survey_vars",
                List.of(Map.of("name", "token", "title", "Token", "type", "secret"))));
        ApiClient.Response r = runner.post(base + "/tasks", Map.of("template_id", withEnv,
                "secret", json(Map.of("token", "survey-s3cret"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(awaitEnd(r.json().get("id").asLong()).get("status").asText()).isEqualTo("success");
        // a secret survey answer sent among the ordinary extra vars is a secret all the same
        runs(admin, Map.of("environment", json(Map.of("token", "sent-as-var-s3cret"))));

        List<Path> cmdlines;
        try (var files = Files.list(seen)) {
            cmdlines = files.filter(f -> f.getFileName().toString().startsWith("cmdline-")).toList();
        }
        assertThat(cmdlines).hasSize(2);
        for (Path cmdline : cmdlines) {
            assertThat(Files.readString(cmdline)).contains("deploy.sh")
                    .doesNotContain("survey-s3cret", "env-var-s3cret", "sent-as-var-s3cret");
        }
        assertThat(seen.resolve("token")).hasContent("sent-as-var-s3cret"); // reached the script as $token
    }

    @Test
    void theServersOwnSecrets_areMaskedInTaskOutput() throws Exception {
        int show = template("show", "bash", "show-config.sh", Map.of());
        ApiClient.Response r = admin.post(base + "/tasks", Map.of("template_id", show));
        assertThat(r.status()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        awaitEnd(id);
        JsonNode config = JSON.readTree(server.dir().resolve("config.json").toFile());
        String out = String.join("\n", output(id));
        assertThat(out).contains("access_key_encryption");
        for (String key : List.of("access_key_encryption", "cookie_hash", "cookie_encryption")) {
            String value = config.path(key).asText();
            assertThat(value).as(key).isNotBlank();
            assertThat(out).as(key).doesNotContain(value);
        }
    }

    @Test
    void optionLikePaths_areRefusedOnTemplatesAndRestoredBackups() {
        Map<String, Object> t = new HashMap<>(Map.of("name", "bad", "app", "bash", "playbook", "-c",
                "repository_id", repository));
        ApiClient.Response created = admin.post(base + "/templates", t);
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.error()).contains("Field 'playbook' '-c' starts with '-'");
        t.put("playbook", "deploy.sh");
        t.put("git_branch", "--upload-pack=touch " + marker);
        assertThat(admin.put(base + "/templates/" + template, t).error()).contains("Field 'git_branch'", "must not start with '-'");
        t.put("git_branch", "main");
        t.put("app", "terraform");
        t.put("playbook", "--chdir=/");
        assertThat(admin.put(base + "/templates/" + template, t).error()).contains("'--chdir=/' starts with '-'");
        t.put("app", "bash");
        t.put("playbook", "deploy.sh");
        t.put("vaults", List.of(Map.of("name", "--vault-password-file=/etc/shadow", "type", "script", "script", "v.sh")));
        assertThat(admin.put(base + "/templates/" + template, t).error()).contains("must not start with '-'");
        t.put("vaults", List.of(Map.of("name", "prod", "type", "script", "script", "-v.sh")));
        assertThat(admin.put(base + "/templates/" + template, t).error()).contains("Field 'vaults.script' '-v.sh' starts with '-'");

        String backup = BackupApiTest.semaphoreBackup().replace("\"playbook\": \"ping.yml\"", "\"playbook\": \"-c\"");
        ApiClient.Response restored = admin.post("/api/projects/restore", backup);
        assertThat(restored.status()).as(restored.body()).isEqualTo(400);
        assertThat(restored.error()).contains("'-c' starts with '-'");
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
