package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ApiDescription;
import io.semaphore.testing.ApiDescription.Operation;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API against its own OpenAPI description (server/src/main/resources/openapi/semaphore.yml), on each database:
 * a scenario makes its fixtures through the API and reaches every operation of the description with a 2xx answer
 * (plus some error answers), and every request and answer is checked by Atlassian's swagger-request-validator,
 * answers strictly (a field the description does not list is a mismatch). Semaphore's own example request bodies
 * are among the requests. Every /api answer must also say Content-Type application/json, bodiless ones included,
 * unless the description gives it another media type.
 * <p>
 * The test fails listing every mismatch, every operation the scenario did not reach, and every route of
 * the server's {@link RouteTable} the description lacks (and the reverse).
 */
@ServerOnEachDatabase.Config(ApiContractTest.TerraformStandIn.class)
class ApiContractTest extends ServerOnEachDatabase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiDescription DESCRIPTION = ApiDescription.load();
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(DESCRIPTION.text()).build();
    private static final JsonNode EXAMPLES = read("/contract/semaphore-examples.json");
    private static final Set<String> FINISHED = Set.of("success", "error", "stopped", "rejected");
    /** Shaped like an OpenSSH private key (the server checks the shape; no task uses it). */
    private static final String PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "QyNTUxOQAAACBContractTestKeyMaterialXq9VwZ3k8mN2pL7rT4yH6jK1sD0fG5aB+/==\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";

    /** Mismatch key (stable across runs) to the details of its first sighting. */
    private final Map<String, String> mismatches = new LinkedHashMap<>();
    private final Set<Operation> exercised = new HashSet<>();

    /**
     * A terraform that plans a change every time and applies it, so plans wait for confirmation (terraform itself
     * cannot be installed here); set as {@code apps.terraform.path}.
     */
    static final class TerraformStandIn implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode config) {
            Path script = Path.of(config.get("tmp_path").asText()).resolveSibling("terraform-stand-in");
            try {
                Files.writeString(script, """
                        #!/bin/bash
                        case "$1" in
                          plan) for a in "$@"; do case "$a" in -out=*) echo planned > "${a#-out=}" ;; esac; done
                                echo "Plan: 1 to add, 0 to change, 0 to destroy." ;;
                          apply) echo "Apply complete! Resources: 1 added." ;;
                        esac
                        """);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config.putObject("apps").putObject("terraform").put("path", script.toString());
            config.putObject("auth").putObject("totp").put("enabled", true).put("allow_recovery", true);
            config.put("runner_registration_token", "contract-runners");
            // explicit endpoints: the contract's OIDC calls end before the provider would be asked anything
            config.putObject("oidc_providers").putObject("corp").put("display_name", "Corp").put("client_id", "semaphore")
                    .putObject("endpoint").put("issuer_url", "http://127.0.0.1:9").put("auth_url", "http://127.0.0.1:9/authorize")
                    .put("token_url", "http://127.0.0.1:9/token").put("jwks_url", "http://127.0.0.1:9/jwks");
        }
    }

    @Test
    void everyOperationAnswersAsDescribed() {
        Throwable stopped = null;
        try {
            scenario();
        } catch (RuntimeException | AssertionError e) {
            stopped = e; // reported below, with every mismatch seen until then
        }
        List<String> problems = new ArrayList<>();
        mismatches.forEach((key, detail) -> problems.add(key + "\n        " + detail));
        Set<String> unexercised = DESCRIPTION.operations().stream().filter(o -> !exercised.contains(o))
                .map(Operation::toString).collect(Collectors.toCollection(TreeSet::new));
        problems.addAll(routeCoverage());
        if (stopped != null || !problems.isEmpty() || !unexercised.isEmpty()) {
            throw new AssertionError("On " + db + ":\n"
                    + (stopped == null ? "" : "The scenario stopped early: " + stopped + "\n")
                    + problems.size() + " mismatch(es) with the API description:" + bullets(problems) + "\n"
                    + unexercised.size() + " operation(s) not exercised with a 2xx answer:" + bullets(unexercised), stopped);
        }
    }

    private static String bullets(java.util.Collection<String> items) {
        return items.stream().map(i -> "\n  - " + i).collect(Collectors.joining());
    }

    // ------------------------------------------------------------------------------------------------ scenario

    private void scenario() {
        Caller anonymous = new Caller(server.anonymous(), null);
        expect(anonymous.get("/api/ping"), 200);
        expect(anonymous.get("/api/openapi.json"), 200);
        expect(anonymous.get("/api/health/live"), 200);
        expect(anonymous.get("/api/health/ready"), 200);
        expect(anonymous.get("/api/auth/login"), 200);
        expect(anonymous.get("/api/user"), 401);
        expect(anonymous.post("/api/auth/login", Map.of("auth", "admin", "password", "wrong password")), 401);
        expect(anonymous.invalid("POST", "/api/auth/login", "{\"auth\": 5}"), 400);
        Caller admin = signIn(Map.of("auth", "admin", "password", TestServer.ADMIN_PASSWORD));
        expect(admin.get("/api/info"), 200);
        // Apps: every signed-in user lists them; administrators read and change one
        JsonNode apps = expect(admin.get("/api/apps"), 200).json();
        assertThat(apps.findValuesAsText("id")).containsExactlyInAnyOrder("ansible", "terraform", "tofu", "bash",
                "powershell", "python");
        expect(admin.get("/api/apps/python"), 200);
        expect(admin.put("/api/apps/python", Map.of("id", "python", "active", true, "priority", 550, "title", "Python",
                "icon", "mdi-language-python", "color", "blue", "dark_color", "blue lighten-2", "path", "python3",
                "args", List.of("-u"))), 204);
        expect(admin.post("/api/apps/python/active", Map.of("active", true)), 204);
        expect(admin.delete("/api/apps/python"), 204); // back to its defaults
        expect(admin.get("/api/metrics"), 200);
        expect(anonymous.get("/api/metrics"), 401);
        expect(admin.get("/api/user"), 200);
        liveUpdates(admin);

        // Users, from Semaphore's example bodies (this server also needs a password for a user who is not external)
        // Semaphore's example has no password: accepted, the password is set below
        int testUser = id(expect(admin.post("/api/users", example("UserRequest")), 201));
        expect(admin.get("/api/users"), 200);
        expect(admin.get("/api/users/" + testUser), 200);
        expect(admin.put("/api/users/" + testUser, example("UserPutRequest")), 204);
        expect(admin.post("/api/users/" + testUser + "/password", Map.of("password", "pw-test-user-2")), 204);
        expect(admin.post("/api/users", example("UserPutRequest").put("password", "x")), 409);
        // Semaphore's sign-in example names a user by email
        int member = id(expect(admin.post("/api/users", Map.of("username", "semaphore-user", "name", "Semaphore User",
                "email", example("Login").get("auth").asText(), "password", "pw-semaphore-user")), 201));
        Caller user = signIn(example("Login").put("password", "pw-semaphore-user"));
        expect(user.get("/api/users"), 200); // the short form of users that non-administrators get
        expect(user.get("/api/users/" + member), 200);
        expect(user.get("/api/users/" + testUser), 200); // the short form, as in the list
        expect(user.post("/api/users", Map.of("username", "x", "name", "x", "email", "x@example.com", "password", "x")), 403);

        // TOTP: enrol, the verify step of the next sign-in, the recovery code, and an admin's reset
        JsonNode totp = expect(user.post("/api/users/" + member + "/2fas/totp", null), 200).json();
        Caller pending = signIn(example("Login").put("password", "pw-semaphore-user"));
        expect(pending.get("/api/user"), 401);
        expect(pending.post("/api/auth/verify", Map.of("passcode", "000000")), 401);
        expect(pending.post("/api/auth/verify", Map.of("passcode", totpCode(totp.get("url").asText()))), 204);
        expect(pending.get("/api/user"), 200);
        Caller recovering = signIn(example("Login").put("password", "pw-semaphore-user"));
        expect(recovering.post("/api/auth/recovery", Map.of("recovery_code", totp.get("recovery_code").asText())), 204);
        int again = id(expect(user.post("/api/users/" + member + "/2fas/totp", null), 200));
        expect(admin.delete("/api/users/" + member + "/2fas/totp/" + again), 204);
        expect(user.delete("/api/users/" + member + "/2fas/totp/" + again), 400);

        // OpenID Connect: browser navigations that answer with redirects
        expect(anonymous.get("/api/auth/oidc/corp/login"), 307);
        expect(anonymous.get("/api/auth/oidc/corp/redirect?code=c&state=s"), 307);
        expect(anonymous.get("/api/auth/oidc/nope/login"), 404);

        // API tokens, and the bearer scheme
        String token = expect(admin.post("/api/user/tokens", null), 201).json().get("id").asText();
        expect(admin.get("/api/user/tokens"), 200);
        Caller script = new Caller(server.anonymous().withBearer(token), token);
        expect(script.get("/api/user"), 200);
        expect(admin.delete("/api/user/tokens/" + token), 204);
        expect(script.get("/api/user"), 401);
        expect(admin.delete("/api/user/tokens/no-such-token"), 404);
        // Ours: a named token with an expiry; an expiry in the past is refused
        expect(admin.post("/api/user/tokens", Map.of("name", "ci", "expires", java.time.Instant.now().plusSeconds(3600).toString())), 201);
        expect(admin.post("/api/user/tokens", Map.of("expires", "2001-01-01T00:00:00Z")), 400);

        // Ours: the caller's sessions; ending another of them
        Caller second = signIn(Map.of("auth", "admin", "password", TestServer.ADMIN_PASSWORD));
        JsonNode sessions = expect(admin.get("/api/user/sessions"), 200).json();
        int secondSession = 0;
        for (JsonNode s : expect(second.get("/api/user/sessions"), 200).json()) {
            if (s.get("current").asBoolean()) {
                secondSession = s.get("id").asInt();
            }
        }
        assertThat(sessions.size()).as("sessions of admin").isGreaterThanOrEqualTo(2);
        expect(admin.delete("/api/user/sessions/" + secondSession), 204);
        expect(second.get("/api/user"), 401);
        expect(admin.delete("/api/user/sessions/" + secondSession), 404);

        // A project, from Semaphore's example; Semaphore's description of PUT has only a name
        int p = id(expect(admin.post("/api/projects", example("ProjectRequest")), 201));
        String base = "/api/project/" + p;
        expect(admin.get("/api/projects"), 200);
        expect(admin.get(base), 200);
        expect(admin.put(base, Map.of("name", "Test project")), 204);
        expect(admin.get(base + "/role"), 200);
        expect(user.get(base), 404); // not a member: another's project is not found

        // The team, with Semaphore's examples (role owner; sorted by email, descending)
        expect(admin.post(base + "/users", example("ProjectUserRequest").put("user_id", member)), 204);
        expect(admin.get(base + "/users" + query(EXAMPLES.get("ProjectUsersQuery"))), 200);
        expect(admin.get(base + "/users/" + member), 200);
        expect(admin.put(base + "/users/" + member, example("ProjectUserRoleRequest")), 204);
        expect(user.get(base + "/role"), 200);
        expect(user.delete(base + "/me"), 204);
        expect(admin.post(base + "/users", Map.of("user_id", member, "role", "guest")), 204);
        expect(user.post(base + "/keys", Map.of("name", "k", "type", "none")), 403);
        expect(admin.post(base + "/users", Map.of("user_id", member, "role", "guest")), 409);
        expect(admin.delete(base + "/users/" + member), 204);

        // Keys: Semaphore's example (type none) and one of each other type
        int none = idOf(expect(admin.get(base + "/keys" + query(EXAMPLES.get("KeysQuery"))), 200).json(), "name", "None");
        expect(admin.post(base + "/keys", example("AccessKeyRequest").put("project_id", p).put("name", "Example")), 204);
        expect(admin.post(base + "/keys", Map.of("name", "deploy", "type", "ssh",
                "ssh", Map.of("login", "deploy", "passphrase", "", "private_key", PRIVATE_KEY))), 204);
        expect(admin.post(base + "/keys", Map.of("name", "vault", "type", "login_password",
                "login_password", Map.of("login", "", "password", "vault-password"))), 204);
        expect(admin.post(base + "/keys", Map.of("name", "bad", "type", "ssh", "ssh", Map.of("private_key", "not a key"))), 400);
        JsonNode keys = expect(admin.get(base + "/keys"), 200).json();
        int exampleKey = idOf(keys, "name", "Example");
        int sshKey = idOf(keys, "name", "deploy");
        int vaultKey = idOf(keys, "name", "vault");
        expect(admin.get(base + "/keys/" + sshKey), 200);
        expect(admin.put(base + "/keys/" + exampleKey, example("AccessKeyRequest").put("project_id", p)
                .put("id", exampleKey).put("name", "Example renamed")), 204);
        expect(admin.get(base + "/keys/" + exampleKey + "/refs"), 200);
        expect(admin.delete(base + "/keys/" + exampleKey), 204);
        expect(admin.get(base + "/keys/" + exampleKey), 404);

        // Repositories. Semaphore's example URL "git@example.com" is accepted as git takes it (git tells at clone time).
        Path repoDir = GitRepos.create(server.dir(), "contract-" + p, Map.of(
                "run.sh", "#!/bin/bash\necho contract task\n",
                "slow.sh", "#!/bin/bash\necho started\nsleep 60 & wait\n",
                "hosts.ini", "localhost\n",
                "main.tf", "# the stand-in reads nothing\n"));
        expect(admin.post(base + "/repositories", example("RepositoryRequest").put("ssh_key_id", none)), 204);
        ObjectNode remote = example("RepositoryRequest").put("git_url", "git@example.com:semaphore/test.git")
                .put("ssh_key_id", sshKey).put("name", "Test ssh");
        expect(admin.post(base + "/repositories", remote), 204);
        expect(admin.post(base + "/repositories", Map.of("name", "local", "git_url", repoDir.toString(),
                "git_branch", "main", "ssh_key_id", none)), 204);
        JsonNode repos = expect(admin.get(base + "/repositories?sort=name&order=asc"), 200).json();
        int remoteRepo = idOf(repos, "name", "Test ssh");
        int localRepo = idOf(repos, "name", "local");
        expect(admin.get(base + "/repositories/" + remoteRepo), 200);
        expect(admin.put(base + "/repositories/" + remoteRepo, remote.put("name", "Test remote").put("id", remoteRepo)), 204);
        expect(admin.get(base + "/repositories/" + localRepo + "/refs"), 200);
        expect(admin.invalid("GET", base + "/repositories?sort=size", null), 400);

        // Inventories: Semaphore's example is a name only; this server needs the type as well
        int inventory = id(expect(admin.post(base + "/inventory", example("InventoryRequest").put("type", "static")
                .put("inventory", "localhost ansible_connection=local\n").put("ssh_key_id", sshKey)), 201));
        expect(admin.post(base + "/inventory", Map.of("name", "from repository", "type", "file",
                "inventory", "hosts.ini", "repository_id", localRepo)), 201);
        expect(admin.get(base + "/inventory?sort=name&order=asc"), 200);
        expect(admin.get(base + "/inventory/" + inventory), 200);
        expect(admin.put(base + "/inventory/" + inventory, Map.of("name", "Test", "type", "static-yaml",
                "inventory", "all:\n  hosts:\n    localhost: {}\n", "become_key_id", vaultKey)), 204);
        expect(admin.get(base + "/inventory/" + inventory + "/refs"), 200);

        // Environments: Semaphore's example, and one with secrets
        expect(admin.post(base + "/environment", example("EnvironmentRequest")), 204);
        expect(admin.post(base + "/environment", Map.of("name", "with secrets", "json", "{\"greeting\": \"hi\"}",
                "env", "{\"GREETING\": \"hello\"}", "password", "",
                "secrets", List.of(Map.of("type", "var", "name", "token", "secret", "s3cret", "operation", "create")))), 204);
        JsonNode envs = expect(admin.get(base + "/environment" + query(EXAMPLES.get("EnvironmentQuery"))), 200).json();
        int env = idOf(envs, "name", "with secrets");
        int exampleEnv = idOf(envs, "name", "Test");
        expect(admin.get(base + "/environment/" + env), 200);
        expect(admin.put(base + "/environment/" + env, Map.of("name", "with secrets", "env", "")), 204);
        expect(admin.get(base + "/environment/" + env + "/refs"), 200);

        // Views
        int view = id(expect(admin.post(base + "/views", example("ViewRequest")), 201));
        int otherView = id(expect(admin.post(base + "/views", Map.of("title", "Other", "position", 1)), 201));
        expect(admin.get(base + "/views"), 200);
        expect(admin.get(base + "/views/" + view), 200);
        expect(admin.put(base + "/views/" + view, Map.of("title", "Test view")), 204);
        expect(admin.post(base + "/views/positions", Map.of(String.valueOf(view), 2, String.valueOf(otherView), 1)), 204);

        // Templates: Semaphore's example (ansible) with survey variables and vaults, and templates that run here
        ObjectNode ansible = example("TemplateRequest").put("project_id", p).put("repository_id", localRepo)
                .put("inventory_id", inventory).put("environment_id", exampleEnv).put("view_id", view);
        ansible.set("survey_vars", JSON.valueToTree(List.of(
                Map.of("name", "count", "title", "Count", "type", "int", "required", true),
                Map.of("name", "color", "title", "Color", "description", "", "type", "enum",
                        "values", List.of(Map.of("name", "Red", "value", "red"))))));
        ansible.set("vaults", JSON.valueToTree(List.of(Map.of("vault_key_id", vaultKey),
                Map.of("name", "scripted", "type", "script", "script", "vault.sh"))));
        int ansibleTpl = id(expect(admin.post(base + "/templates", ansible), 201));
        int run = id(expect(admin.post(base + "/templates", Map.of("name", "run", "app", "bash", "playbook", "run.sh",
                "repository_id", localRepo, "environment_id", env, "allow_override_args_in_task", true)), 201));
        int slow = id(expect(admin.post(base + "/templates", Map.of("name", "slow", "app", "bash", "playbook", "slow.sh",
                "repository_id", localRepo, "allow_parallel_tasks", true)), 201));
        int infra = id(expect(admin.post(base + "/templates", Map.of("name", "infra", "app", "terraform",
                "repository_id", localRepo, "view_id", otherView)), 201));
        int build = id(expect(admin.post(base + "/templates", Map.of("name", "build", "app", "bash", "playbook", "run.sh",
                "repository_id", localRepo, "type", "build", "start_version", "1.0.0")), 201));
        int deploy = id(expect(admin.post(base + "/templates", Map.of("name", "deploy", "app", "bash", "playbook", "run.sh",
                "repository_id", localRepo, "type", "deploy", "build_template_id", build)), 201));
        expect(admin.invalid("POST", base + "/templates", Map.of("name", "no repository", "playbook", "x.yml")), 400);
        expect(admin.get(base + "/templates?sort=name&order=asc"), 200);
        expect(admin.get(base + "/templates/" + ansibleTpl), 200);
        expect(admin.put(base + "/templates/" + ansibleTpl, ansible.put("description", "Changed")), 204);
        expect(admin.get(base + "/templates/" + build + "/refs"), 200);
        expect(admin.get(base + "/views/" + view + "/templates"), 200);
        expect(admin.delete(base + "/templates/" + build), 409);

        // Tasks, with the fields of Semaphore's task body
        long task = id(expect(admin.post(base + "/tasks", Map.of("template_id", run, "debug", false, "dry_run", false,
                "diff", false, "playbook", "", "environment", "{\"greeting\": \"hello\"}", "limit", "",
                "arguments", "[\"first\"]", "message", "contract")), 201));
        expect(await(admin, base, task, FINISHED), "success");
        expect(admin.get(base + "/tasks"), 200);
        expect(admin.get(base + "/tasks/last?limit=5"), 200);
        expect(admin.get(base + "/tasks/last?count=1&before=" + (task + 1)), 200);
        expect(admin.get(base + "/tasks/" + task), 200);
        expect(admin.get(base + "/tasks/" + task + "/output"), 200);
        expect(admin.get(base + "/tasks/" + task + "/output?offset=1&limit=1"), 200);
        expect(admin.get(base + "/tasks/" + task + "/raw_output"), 200);
        expect(admin.get(base + "/tasks/" + task + "/raw_output?timestamps=relative&ansi=false"), 200);
        expect(admin.get(base + "/tasks/" + task + "/output/search?q=hello&limit=10"), 200);
        expect(admin.invalid("GET", base + "/tasks/" + task + "/output/search", null), 400);
        expect(admin.get(base + "/tasks/999999/output/search?q=x"), 404);
        expect(admin.get(base + "/templates/" + run + "/tasks"), 200);
        expect(admin.get(base + "/templates/" + run + "/tasks/last"), 200);
        expect(admin.get(base + "/templates/" + run + "/tasks/last?count=1&before=" + (task + 1)), 200);
        expect(admin.get(base + "/tasks?status=success,error&template_id=" + run + "&from=2020-01-01&limit=5&offset=0"), 200);
        expect(admin.get(base + "/tasks?status=nonsense"), 400);
        expect(admin.get(base + "/tasks?template_id=999999"), 404);
        expect(admin.get(base + "/templates/" + run + "/run_stats"), 200);
        expect(admin.get(base + "/templates/999999/run_stats"), 404);
        expect(admin.invalid("GET", base + "/tasks/" + task + "/output?limit=many", null), 400);
        expect(admin.get(base + "/tasks/999999"), 404);
        long built = id(expect(admin.post(base + "/tasks", Map.of("template_id", build)), 201));
        expect(await(admin, base, built, FINISHED), "success");
        long deployed = id(expect(admin.post(base + "/tasks", Map.of("template_id", deploy, "build_task_id", built)), 201));
        expect(await(admin, base, deployed, FINISHED), "success");

        // Stopping, and the administrators' view of the queue
        long running = id(expect(admin.post(base + "/tasks", Map.of("template_id", slow)), 201));
        expect(await(admin, base, running, Set.of("running")), "running");
        expect(admin.get("/api/tasks"), 200);
        expect(admin.get("/api/tasks/" + running), 200);
        expect(admin.post(base + "/tasks/" + running + "/stop", Map.of("force", false)), 204);
        expect(await(admin, base, running, FINISHED), "stopped");
        long queued = id(expect(admin.post(base + "/tasks", Map.of("template_id", slow)), 201));
        expect(await(admin, base, queued, Set.of("running")), "running");
        expect(admin.delete("/api/tasks/" + queued), 204);
        expect(await(admin, base, queued, FINISHED), "stopped");
        expect(user.get("/api/tasks"), 403);

        // Plans waiting for a person
        long confirmed = id(expect(admin.post(base + "/tasks", Map.of("template_id", infra)), 201));
        expect(await(admin, base, confirmed, Set.of("waiting_confirmation")), "waiting_confirmation");
        expect(admin.post(base + "/tasks/" + confirmed + "/confirm", null), 204);
        expect(await(admin, base, confirmed, FINISHED), "success");
        expect(admin.post(base + "/tasks/" + confirmed + "/confirm", null), 409);
        long rejected = id(expect(admin.post(base + "/tasks", Map.of("template_id", infra)), 201));
        expect(await(admin, base, rejected, Set.of("waiting_confirmation")), "waiting_confirmation");
        expect(admin.post(base + "/tasks/" + rejected + "/reject", null), 204);
        expect(await(admin, base, rejected, FINISHED), "rejected");
        expect(admin.get(base + "/templates"), 200); // now with last_task filled in
        expect(admin.get(base + "/templates/" + infra), 200);
        expect(admin.delete(base + "/tasks/" + task), 204);

        // Schedules (Semaphore's routes) and queue control (ours)
        int schedule = id(expect(admin.post(base + "/schedules", Map.of("template_id", run, "cron_format", "30 2 * * *",
                "name", "nightly", "active", true)), 201));
        int once = id(expect(admin.post(base + "/schedules", Map.of("template_id", run, "type", "run_at",
                "run_at", "2099-01-31T06:00:00Z", "active", true, "delete_after_run", true)), 201));
        expect(admin.post(base + "/schedules", Map.of("template_id", run, "cron_format", "61 * * * *")), 400);
        expect(admin.post(base + "/schedules/validate", Map.of("cron_format", "*/5 * * * *")), 200);
        expect(admin.post(base + "/schedules/validate", Map.of("cron_format", "every day")), 400);
        expect(admin.post(base + "/schedules/preview", Map.of("cron_format", "@daily")), 200);
        expect(admin.get(base + "/schedules"), 200);
        expect(admin.get(base + "/schedules/" + schedule), 200);
        expect(admin.put(base + "/schedules/" + schedule, Map.of("template_id", run, "cron_format", "0 3 * * 1-5",
                "name", "weekdays", "active", true)), 204);
        expect(admin.put(base + "/schedules/" + schedule + "/active", Map.of("active", false)), 204);
        expect(admin.get(base + "/templates/" + run + "/schedules"), 200);
        expect(admin.delete(base + "/schedules/" + once), 204);
        expect(admin.get(base + "/schedules/" + once), 404);
        expect(admin.post(base + "/tasks/stop_waiting", null), 200);
        expect(admin.post(base + "/templates/" + run + "/tasks/stop_waiting", null), 200);
        // Integrations: an incoming webhook with a matcher and an extracted value, its aliases, and a delivery
        int hook = id(expect(admin.post(base + "/integrations", Map.of("name", "push", "template_id", run,
                "auth_method", "", "searchable", false, "task_params", Map.of("message", "from a webhook"))), 201));
        expect(admin.get(base + "/integrations"), 200);
        expect(admin.get(base + "/integrations/" + hook), 200);
        expect(admin.put(base + "/integrations/" + hook, Map.of("name", "on push")), 204);
        expect(admin.post(base + "/integrations", Map.of("name", "no template")), 400);
        String hookBase = base + "/integrations/" + hook;
        int matcher = id(expect(admin.post(hookBase + "/matchers", Map.of("name", "main", "match_type", "body",
                "method", "equals", "body_data_type", "json", "key", "ref", "value", "refs/heads/main")), 200));
        expect(admin.get(hookBase + "/matchers"), 200);
        expect(admin.get(hookBase + "/matchers/" + matcher), 200);
        expect(admin.put(hookBase + "/matchers/" + matcher, Map.of("name", "main", "match_type", "body",
                "method", "contains", "body_data_type", "json", "key", "ref", "value", "main")), 204);
        expect(admin.invalid("POST", hookBase + "/matchers", Map.of("name", "x", "match_type", "query")), 400);
        int value = id(expect(admin.post(hookBase + "/values", Map.of("name", "branch", "value_source", "body",
                "body_data_type", "json", "key", "ref", "variable", "greeting")), 201));
        expect(admin.get(hookBase + "/values"), 200);
        expect(admin.get(hookBase + "/values/" + value), 200);
        expect(admin.put(hookBase + "/values/" + value, Map.of("name", "branch", "value_source", "body",
                "body_data_type", "json", "key", "ref", "variable", "greeting", "variable_type", "environment")), 204);
        expect(admin.get(hookBase + "/refs"), 200);
        expect(admin.get(hookBase + "/matchers/" + matcher + "/refs"), 200);
        expect(admin.get(hookBase + "/values/" + value + "/refs"), 200);
        String hookUrl = expect(admin.post(hookBase + "/aliases", null), 200).json().get("url").asText();
        expect(admin.get(hookBase + "/aliases"), 200);
        int projectAlias = id(expect(admin.post(base + "/integrations/aliases", null), 200));
        expect(admin.get(base + "/integrations/aliases"), 200);
        expect(admin.delete(base + "/integrations/aliases/" + projectAlias), 204);
        expect(user.get(hookBase + "/aliases"), 404); // not a member any more
        expect(anonymous.post("/api/integrations/" + hookUrl.substring(hookUrl.lastIndexOf('/') + 1),
                Map.of("ref", "refs/heads/main")), 204);
        expect(anonymous.post("/api/integrations/no-such-alias", Map.of("ref", "refs/heads/main")), 204);
        long hooked = expect(admin.get(base + "/tasks"), 200).json().get(0).get("id").asLong();
        expect(await(admin, base, hooked, FINISHED), "success");
        int secondAlias = id(expect(admin.post(hookBase + "/aliases", null), 200));
        expect(admin.delete(hookBase + "/aliases/" + secondAlias), 204);
        expect(admin.delete(hookBase + "/values/" + value), 204);
        expect(admin.delete(hookBase + "/matchers/" + matcher), 204);
        expect(admin.delete(hookBase), 204);
        expect(admin.get(hookBase), 404);

        // Notifications: no notifier is enabled in this server's configuration, so the test sends nothing
        expect(admin.post(base + "/notifications/test", null), 200);
        expect(admin.get("/api/notifications"), 200);

        // Remote runners: global ones and the project's own; the token only in the create answer
        int globalRunner = id(expect(admin.post("/api/runners", Map.of("name", "edge", "tag", "dmz",
                "max_parallel_tasks", 2, "webhook", "http://127.0.0.1:9/hook")), 201));
        expect(admin.get("/api/runners"), 200);
        expect(admin.get("/api/runners/" + globalRunner), 200);
        expect(admin.put("/api/runners/" + globalRunner, Map.of("name", "edge-1", "active", true)), 204);
        expect(admin.post("/api/runners/" + globalRunner + "/active", Map.of("active", false)), 204);
        expect(admin.invalid("POST", "/api/runners", Map.of("name", "bad", "max_parallel_tasks", -1)), 400);
        expect(admin.invalid("POST", "/api/runners/" + globalRunner + "/active", Map.of()), 400);
        expect(user.get("/api/runners"), 403);
        int projectRunner = id(expect(admin.post(base + "/runners", Map.of("name", "edge-p", "tag", "dmz")), 201));
        expect(admin.get(base + "/runners"), 200);
        expect(admin.get(base + "/runners/" + projectRunner), 200);
        expect(admin.put(base + "/runners/" + projectRunner, Map.of("tag", "lan")), 204);
        expect(admin.post(base + "/runners/" + projectRunner + "/active", Map.of("active", true)), 204);
        expect(admin.get(base + "/runners/" + globalRunner), 404);
        expect(admin.delete(base + "/runners/" + projectRunner), 204);
        expect(admin.delete("/api/runners/" + globalRunner), 204);
        expect(admin.get("/api/runners/" + globalRunner), 404);

        // Activity
        expect(admin.get("/api/events"), 200);
        expect(admin.get("/api/events/last"), 200);
        expect(admin.get(base + "/events"), 200);
        expect(admin.get(base + "/events/last"), 200);

        // Backup, restore of it, and restore of Semaphore's example backup
        JsonNode backup = expect(admin.get(base + "/backup"), 200).json();
        ((ObjectNode) backup.get("meta")).put("name", "Restored");
        expect(admin.post("/api/projects/restore", backup), 200);
        expectExample("ProjectBackup", admin.post("/api/projects/restore", example("ProjectBackup")), 200);
        expect(admin.invalid("POST", "/api/projects/restore", Map.of("meta", Map.of("alert", true))), 400);

        // Remote runners: Semaphore's protocol (no task here goes to runners: none is routed to them)
        String runnerToken = expect(anonymous.post("/api/internal/runners", Map.of("registration_token",
                "contract-runners", "webhook", "", "max_parallel_tasks", 1)), 200).json().get("token").asText();
        Map<String, String> asRunner = Map.of("X-Runner-Token", runnerToken);
        expect(anonymous.sendWith("GET", "/api/internal/runners", null, asRunner), 200);
        expect(anonymous.sendWith("PUT", "/api/internal/runners", Map.of("Jobs", List.of()), asRunner), 204);
        expect(anonymous.get("/api/internal/runners"), 401);
        expect(anonymous.post("/api/internal/runners", Map.of("registration_token", "wrong")), 400);
        expect(anonymous.sendWith("DELETE", "/api/internal/runners", null, asRunner), 204);
        expect(anonymous.sendWith("GET", "/api/internal/runners", null, asRunner), 401);

        // Deleting, in the order references allow
        expect(admin.delete(base + "/keys/" + sshKey), 409);
        expect(admin.delete(base + "/templates/" + ansibleTpl), 204);
        expect(admin.delete(base + "/inventory/" + inventory), 204);
        expect(admin.delete(base + "/repositories/" + remoteRepo), 204);
        expect(admin.delete(base + "/environment/" + exampleEnv), 204);
        expect(admin.delete(base + "/views/" + otherView), 204);
        expect(admin.delete(base + "/keys/" + sshKey), 204);
        expect(admin.delete(base), 204);
        expect(admin.delete("/api/users/" + testUser), 204);
        expect(user.post("/api/auth/logout", null), 204);
        expect(user.get("/api/user"), 401);
    }

    /** The WebSocket upgrade of /api/ws: 101 with a session, 401 without (OpenAPI cannot describe the rest). */
    private void liveUpdates(Caller admin) {
        Operation op = DESCRIPTION.match("GET", "/ws").orElseThrow();
        URI uri = URI.create(server.baseUrl().replaceFirst("^http", "ws") + "/api/ws");
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket socket = http.newWebSocketBuilder().header("Cookie", admin.cookieHeader())
                    .buildAsync(uri, new WebSocket.Listener() {}).join();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            validate(op, SimpleRequest.Builder.get("/api/ws").withHeader("Cookie", admin.cookieHeader()).build(),
                    SimpleResponse.Builder.status(101).build(), 101, false);
            exercised.add(op);
            try {
                http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}).join();
                mismatch(op + " -> 101 without a session, not 401", "");
            } catch (CompletionException e) {
                int status = e.getCause() instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
                if (status != 401) {
                    mismatch(op + " without a session answered " + status + ", not 401", String.valueOf(e.getCause()));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ checking

    /** A caller whose every exchange is checked: a cookie session (ApiClient's cookie store) or a bearer token. */
    private final class Caller {
        final ApiClient client;
        final String bearer;

        Caller(ApiClient client, String bearer) {
            this.client = client;
            this.bearer = bearer;
        }

        ApiClient.Response get(String path) {
            return send("GET", path, null);
        }

        ApiClient.Response delete(String path) {
            return send("DELETE", path, null);
        }

        ApiClient.Response post(String path, Object body) {
            return send("POST", path, body);
        }

        ApiClient.Response put(String path, Object body) {
            return send("PUT", path, body);
        }

        ApiClient.Response send(String method, String path, Object body) {
            return send(method, path, body, false);
        }

        /** With headers of its own (a runner's X-Runner-Token), checked as every other exchange. */
        ApiClient.Response sendWith(String method, String path, Object body, Map<String, String> headers) {
            String text;
            try {
                text = body == null ? null : JSON.writeValueAsString(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String cookie = cookieHeader();
            ApiClient.Response r = client.send(method, path, text == null ? null : "application/json", text, headers);
            check(method, path, text, cookie, bearer, r, false);
            return r;
        }

        /**
         * A request the description itself must refuse (wrong type, missing field, unknown value): the validator has
         * to find it invalid, and the server's answer is checked as usual.
         */
        ApiClient.Response invalid(String method, String path, Object body) {
            return send(method, path, body, true);
        }

        private ApiClient.Response send(String method, String path, Object body, boolean invalid) {
            String text;
            try {
                text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String cookie = cookieHeader(); // what this request carries; the answer may change it
            ApiClient.Response r = client.send(method, path, text);
            check(method, path, text, cookie, bearer, r, invalid);
            return r;
        }

        String cookieHeader() {
            List<HttpCookie> cookies = client.cookies().getCookieStore().get(URI.create(server.baseUrl()));
            return cookies.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        }
    }

    private Caller signIn(Object body) {
        Caller c = new Caller(server.anonymous(), null);
        expect(c.post("/api/auth/login", body), 204);
        return c;
    }

    private void check(String method, String pathAndQuery, String body, String cookie, String bearer, ApiClient.Response r,
                       boolean invalidRequest) {
        URI uri = URI.create(pathAndQuery);
        String path = uri.getRawPath();
        Optional<Operation> found = path.startsWith("/api/") ? DESCRIPTION.match(method, path.substring(4)) : Optional.empty();
        if (found.isEmpty()) {
            mismatch(method + " " + path + ": no operation of the description matches", "");
            return;
        }
        Operation op = found.get();
        if (r.status() / 100 == 2 || r.status() == 307) { // 307: the OIDC routes, browser navigations
            exercised.add(op);
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        if (!cookie.isEmpty()) {
            request.withHeader("Cookie", cookie);
        }
        if (bearer != null) {
            request.withHeader("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.withContentType("application/json").withBody(body);
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(r.status());
        r.raw().headers().map().forEach((name, values) -> response.withHeader(name, values));
        if (!r.body().isEmpty()) {
            response.withBody(r.body());
        }
        validate(op, request.build(), response.build(), r.status(), invalidRequest);

        String media = DESCRIPTION.mediaType(op, r.status());
        String expected = media != null && !media.equals("application/json") ? media : "application/json";
        String contentType = r.header("Content-Type");
        if (contentType == null || !contentType.startsWith(expected)) {
            mismatch(op + " -> " + r.status() + ": Content-Type is " + contentType + ", not " + expected, "");
        }
    }

    private void validate(Operation op, SimpleRequest request, SimpleResponse response, int status, boolean invalidRequest) {
        ValidationReport report = VALIDATOR.validate(request, response);
        int refused = 0;
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() != ValidationReport.Level.ERROR && m.getLevel() != ValidationReport.Level.WARN) {
                continue;
            }
            if (invalidRequest && m.getKey().startsWith("validation.request.")) {
                refused++;
                continue;
            }
            mismatch(op + " -> " + status + ": " + normalize(m.getMessage()),
                    m.getKey() + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo())
                            + " | answer: " + abbreviate(text(response.getResponseBody()))
                            + (request.getRequestBody().isPresent() ? " | request: " + abbreviate(text(request.getRequestBody())) : ""));
        }
        if (invalidRequest && refused == 0) {
            mismatch(op + ": the description accepts a request the server refuses (" + status + ")",
                    "request: " + abbreviate(text(request.getRequestBody())) + " " + request.getQueryParameters());
        }
    }

    private static final Pattern NUMBER_SEGMENT = Pattern.compile("/\\d+(?=[/'\"\\s]|$)");

    /** Array indexes and ids in a message become {@code /*}, so the same mismatch has one key on every run. */
    static String normalize(String message) {
        Matcher m = NUMBER_SEGMENT.matcher(message.replace('\n', ' '));
        return m.replaceAll("/*").strip();
    }

    private void mismatch(String key, String detail) {
        mismatches.putIfAbsent(key, detail);
    }

    private ApiClient.Response expect(ApiClient.Response r, int status) {
        if (r.status() != status) {
            String op = r.raw().request().method() + " " + r.raw().request().uri().getRawPath();
            throw new AssertionError(op + " answered " + r.status() + ", expected " + status + ": " + abbreviate(r.body()));
        }
        return r;
    }

    private void expect(String actual, String wanted) {
        if (!actual.equals(wanted)) {
            throw new AssertionError("A task ended " + actual + ", expected " + wanted);
        }
    }

    /** A Semaphore example request answered otherwise than Semaphore answers it is a mismatch to list, not a stop. */
    private void expectExample(String example, ApiClient.Response r, int status) {
        if (r.status() != status) {
            String path = r.raw().request().uri().getRawPath().substring(4);
            Operation op = DESCRIPTION.match(r.raw().request().method(), path).orElseThrow();
            mismatch("Semaphore's example " + example + ": " + op + " answered " + r.status() + ", not " + status,
                    abbreviate(r.body()));
        }
    }

    private String await(Caller c, String base, long task, Set<String> statuses) {
        long deadline = System.currentTimeMillis() + 60_000;
        String status = "";
        while (System.currentTimeMillis() < deadline) {
            status = expect(c.get(base + "/tasks/" + task), 200).json().get("status").asText();
            if (statuses.contains(status)) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Task " + task + " never reached " + statuses + " (last " + status + "): "
                + c.get(base + "/tasks/" + task + "/raw_output").body());
    }

    /** Every route the server registered (its route table) against the operations of the description. */
    private static List<String> routeCoverage() {
        Set<String> routed = new TreeSet<>();
        for (RouteTable.Route route : server.routeTable()) {
            if (route.path().startsWith("/api/")) {
                String method = route.method().equals("WS") ? "GET" : route.method();
                routed.add(method + " " + route.path().substring(4).replaceAll("\\{[^}]+}", "{}"));
            }
        }
        Set<String> described = DESCRIPTION.operations().stream().map(o -> o.method() + " " + o.shape())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> problems = new ArrayList<>();
        routed.stream().filter(r -> !described.contains(r)).forEach(r -> problems.add("Route not described: " + r));
        described.stream().filter(d -> !routed.contains(d)).forEach(d -> problems.add("Described, but no such route: " + d));
        return problems;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ObjectNode example(String name) {
        JsonNode e = EXAMPLES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No example " + name + " in semaphore-examples.json");
        }
        return e.deepCopy();
    }

    private static String query(JsonNode params) {
        List<String> pairs = new ArrayList<>();
        params.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return "?" + String.join("&", pairs);
    }

    private static String totpCode(String url) {
        try {
            return TotpApiTest.code(url, java.time.Instant.now());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int id(ApiClient.Response r) {
        return r.json().get("id").asInt();
    }

    /** The id of the newest element of a list whose {@code field} is {@code value}. */
    private static int idOf(JsonNode list, String field, String value) {
        int id = -1;
        for (JsonNode n : list) {
            if (value.equals(n.path(field).asText()) && n.get("id").asInt() > id) {
                id = n.get("id").asInt();
            }
        }
        assertThat(id).as("an element with %s '%s' in %s", field, value, list).isPositive();
        return id;
    }

    private static String text(Optional<com.atlassian.oai.validator.model.Body> body) {
        try {
            return body.isPresent() ? body.get().toString(StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ApiContractTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
