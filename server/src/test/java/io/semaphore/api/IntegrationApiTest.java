package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.integration.AuthMethod;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incoming webhooks over real HTTP on each database: the integration routes, and deliveries with good and bad
 * signatures of each auth method, matchers and extracted values reaching the task.
 */
@ServerOnEachDatabase.Config(IntegrationApiTest.GlobalAlias.class)
class IntegrationApiTest extends ServerOnEachDatabase {
    static final String GLOBAL = "global-hook-alias";
    static final String PUSH = "{\"ref\": \"refs/heads/main\", \"repository\": {\"full_name\": \"acme/shop\"},"
            + " \"commits\": [{\"id\": \"abc123\", \"count\": 3}], \"size\": 42.0}";

    static final class GlobalAlias implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode config) {
            config.put("global_integration_alias", GLOBAL);
        }
    }

    ApiClient admin;
    int project;
    String base;
    int template;

    @BeforeEach
    void project() {
        admin = server.admin();
        project = createProject(admin, "Hooks");
        base = "/api/project/" + project;
        Path repo = GitRepos.create(server.dir(), "hooks-" + project, Map.of("run.sh", "#!/bin/bash\necho hook\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        assertThat(admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none)).status()).isEqualTo(204);
        int repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        ApiClient.Response t = admin.post(base + "/templates", Map.of("name", "deploy", "app", "bash", "playbook", "run.sh",
                "repository_id", repository, "allow_parallel_tasks", true));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        template = t.json().get("id").asInt();
    }

    int secret(String password) {
        String name = "hook secret " + password;
        assertThat(admin.post(base + "/keys", Map.of("name", name, "type", "login_password",
                "login_password", Map.of("login", "", "password", password))).status()).isEqualTo(204);
        for (JsonNode k : admin.get(base + "/keys").json()) {
            if (k.get("name").asText().equals(name)) {
                return k.get("id").asInt();
            }
        }
        throw new AssertionError("key not created");
    }

    int integration(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "hook", "template_id", template));
        body.putAll(fields);
        ApiClient.Response r = admin.post(base + "/integrations", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    String alias(int integration) {
        ApiClient.Response r = admin.post(base + "/integrations/" + integration + "/aliases", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String url = r.json().get("url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    ApiClient.Response deliver(String alias, String body, Map<String, String> headers) {
        return server.anonymous().send("POST", "/api/integrations/" + alias, "application/json", body, headers);
    }

    List<JsonNode> tasksOf(int integration) {
        List<JsonNode> out = new ArrayList<>();
        admin.get(base + "/tasks").json().forEach(t -> {
            if (t.path("integration_id").asInt() == integration) {
                out.add(t);
            }
        });
        return out;
    }

    boolean eventSays(String text) {
        for (JsonNode e : admin.get(base + "/events").json()) {
            if (e.get("description").asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** The refs Semaphore's web client asks before deleting an integration, a matcher or an extracted value. */
    @Test
    void refs_listTheIntegrationsMatchersAndValues_andNothingUsesAMatcherOrAValue() {
        int id = integration(Map.of("name", "with parts"));
        String hook = base + "/integrations/" + id;
        JsonNode empty = admin.get(hook + "/refs").json();
        assertThat(empty.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("matchers", "values");
        empty.forEach(list -> assertThat(list).isEmpty());

        ApiClient.Response matcher = admin.post(hook + "/matchers", Map.of("name", "main branch", "match_type", "body",
                "method", "equals", "body_data_type", "json", "key", "ref", "value", "refs/heads/main"));
        assertThat(matcher.status()).as(matcher.body()).isEqualTo(200);
        ApiClient.Response value = admin.post(hook + "/values", Map.of("name", "branch", "value_source", "body",
                "body_data_type", "json", "key", "ref", "variable", "branch"));
        assertThat(value.status()).as(value.body()).isEqualTo(201);
        int matcherId = matcher.json().get("id").asInt();
        int valueId = value.json().get("id").asInt();

        JsonNode refs = admin.get(hook + "/refs").json();
        assertThat(refs.get("matchers")).hasSize(1);
        assertThat(refs.get("matchers").get(0).get("id").asInt()).isEqualTo(matcherId);
        assertThat(refs.get("matchers").get(0).get("name").asText()).isEqualTo("main branch");
        assertThat(refs.get("values")).hasSize(1);
        assertThat(refs.get("values").get(0).get("id").asInt()).isEqualTo(valueId);
        assertThat(refs.get("values").get(0).get("name").asText()).isEqualTo("branch");

        for (String part : List.of(hook + "/matchers/" + matcherId, hook + "/values/" + valueId)) {
            ApiClient.Response r = admin.get(part + "/refs");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().properties()).extracting(Map.Entry::getKey).containsExactly("integrations");
            assertThat(r.json().get("integrations")).isEmpty();
        }
        assertThat(admin.get(hook + "/matchers/987654/refs").status()).isEqualTo(404);
        assertThat(admin.get(hook + "/values/987654/refs").status()).isEqualTo(404);
        assertThat(admin.get(base + "/integrations/987654/refs").status()).isEqualTo(404);
        int other = createProject(admin, "Other hooks");
        assertThat(admin.get("/api/project/" + other + "/integrations/" + id + "/refs").status()).isEqualTo(404);

        // the integration is deleted with its parts, as before
        assertThat(admin.delete(hook).status()).isEqualTo(204);
        assertThat(admin.get(hook + "/refs").status()).isEqualTo(404);
    }

    @Test
    void crud_validation_andAccess() {
        int key = secret("s3cret-crud");
        ApiClient.Response created = admin.post(base + "/integrations", Map.of("name", "GitHub push", "template_id", template,
                "auth_method", "github", "auth_secret_id", key, "searchable", false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int id = created.json().get("id").asInt();
        assertThat(created.json().get("project_id").asInt()).isEqualTo(project);
        assertThat(created.json().get("auth_method").asText()).isEqualTo("github");
        assertThat(created.body()).doesNotContain("s3cret-crud");
        assertThat(admin.get(base + "/integrations").json()).hasSize(1);
        assertThat(admin.put(base + "/integrations/" + id, Map.of("name", "Push", "auth_method", "token",
                "auth_secret_id", key, "auth_header", "X-Token", "task_params", Map.of("message", "from hook"))).status())
                .isEqualTo(204);
        JsonNode got = admin.get(base + "/integrations/" + id).json();
        assertThat(got.get("name").asText()).isEqualTo("Push");
        assertThat(got.get("auth_header").asText()).isEqualTo("X-Token");
        assertThat(got.get("task_params").get("message").asText()).isEqualTo("from hook");

        assertThat(admin.post(base + "/integrations", Map.of("template_id", template)).error())
                .isEqualTo("Field 'name' is required");
        assertThat(admin.post(base + "/integrations", Map.of("name", "x", "template_id", 999999)).error())
                .contains("template 999999 does not exist");
        assertThat(admin.post(base + "/integrations", Map.of("name", "x", "template_id", template, "auth_method", "basic"))
                .error()).contains("allowed");
        assertThat(admin.post(base + "/integrations", Map.of("name", "x", "template_id", template, "auth_method", "token",
                "auth_secret_id", key)).error()).contains("'auth_header' is required");
        int none = -1;
        for (JsonNode k : admin.get(base + "/keys").json()) {
            if (k.get("type").asText().equals("none")) {
                none = k.get("id").asInt();
            }
        }
        assertThat(admin.post(base + "/integrations", Map.of("name", "x", "template_id", template, "auth_method", "hmac",
                "auth_secret_id", none, "auth_header", "X-Sig")).error()).contains("use a login_password key");

        // matchers
        String m = base + "/integrations/" + id + "/matchers";
        ApiClient.Response matcher = admin.post(m, Map.of("name", "push only", "match_type", "header", "method", "equals",
                "key", "X-GitHub-Event", "value", "push"));
        assertThat(matcher.status()).as(matcher.body()).isEqualTo(200);
        int matcherId = matcher.json().get("id").asInt();
        assertThat(matcher.json().get("integration_id").asInt()).isEqualTo(id);
        assertThat(admin.put(m + "/" + matcherId, Map.of("name", "main only", "match_type", "body", "method", "contains",
                "body_data_type", "json", "key", "ref", "value", "main")).status()).isEqualTo(204);
        assertThat(admin.get(m + "/" + matcherId).json().get("body_data_type").asText()).isEqualTo("json");
        assertThat(admin.get(m).json()).hasSize(1);
        assertThat(admin.post(m, Map.of("name", "x", "match_type", "query", "key", "k", "value", "v")).status()).isEqualTo(400);
        assertThat(admin.post(m, Map.of("name", "x", "match_type", "body", "body_data_type", "xml", "key", "k", "value", "v"))
                .error()).contains("xml");
        assertThat(admin.delete(m + "/" + matcherId).status()).isEqualTo(204);
        assertThat(admin.get(m + "/" + matcherId).status()).isEqualTo(404);

        // extracted values
        String v = base + "/integrations/" + id + "/values";
        ApiClient.Response value = admin.post(v, Map.of("name", "branch", "value_source", "body", "body_data_type", "json",
                "key", "ref", "variable", "BRANCH"));
        assertThat(value.status()).as(value.body()).isEqualTo(201);
        int valueId = value.json().get("id").asInt();
        assertThat(value.json().get("variable_type").asText()).isEqualTo("environment");
        assertThat(admin.put(v + "/" + valueId, Map.of("name", "event", "value_source", "header", "key", "X-GitHub-Event",
                "variable", "message", "variable_type", "task")).status()).isEqualTo(204);
        assertThat(admin.get(v + "/" + valueId).json().get("variable_type").asText()).isEqualTo("task");
        assertThat(admin.post(v, Map.of("name", "x", "value_source", "header", "key", "X", "variable", "playbook",
                "variable_type", "task")).error()).contains("not one");
        assertThat(admin.get(v).json()).hasSize(1);
        assertThat(admin.delete(v + "/" + valueId).status()).isEqualTo(204);

        // aliases, per integration and project-wide
        String a = base + "/integrations/" + id + "/aliases";
        JsonNode alias = admin.post(a, null).json();
        assertThat(alias.get("url").asText()).matches(".*/api/integrations/[A-Za-z0-9]{32}");
        assertThat(admin.get(a).json()).hasSize(1);
        assertThat(admin.get(base + "/integrations/aliases").json()).isEmpty();
        int projectAlias = admin.post(base + "/integrations/aliases", null).json().get("id").asInt();
        assertThat(admin.get(base + "/integrations/aliases").json()).hasSize(1);
        assertThat(admin.delete(a + "/" + projectAlias).status()).isEqualTo(404); // not this integration's
        assertThat(admin.delete(base + "/integrations/aliases/" + projectAlias).status()).isEqualTo(204);
        assertThat(admin.delete(a + "/" + alias.get("id").asInt()).status()).isEqualTo(204);

        // who may do what
        TestServer.NewUser guest = server.newUser(false);
        admin.post(base + "/users", Map.of("user_id", guest.id(), "role", "guest"));
        assertThat(guest.client().get(base + "/integrations").status()).isEqualTo(200);
        assertThat(guest.client().post(base + "/integrations", Map.of("name", "g", "template_id", template)).status())
                .isEqualTo(403);
        assertThat(guest.client().get(a).status()).isEqualTo(403); // an alias is a way in: not for guests
        assertThat(admin.get("/api/project/" + createProject(admin, "Other") + "/integrations/" + id).status())
                .isEqualTo(404);

        assertThat(eventSays("Integration Push updated")).isTrue();
        assertThat(admin.delete(base + "/integrations/" + id).status()).isEqualTo(204);
        assertThat(admin.get(base + "/integrations/" + id).status()).isEqualTo(404);
        assertThat(eventSays("Integration Push deleted")).isTrue();
    }

    @Test
    void noAuth_startsATask_andUnknownAliasesAnswerTheSame() {
        int id = integration(Map.of());
        String alias = alias(id);
        assertThat(deliver(alias, "{}", Map.of()).status()).isEqualTo(204);
        assertThat(tasksOf(id)).hasSize(1);
        ApiClient.Response unknown = deliver("no-such-alias", "{}", Map.of());
        assertThat(unknown.status()).isEqualTo(204);
        assertThat(unknown.body()).isEmpty();
    }

    @Test
    void github_signature() {
        int id = integration(Map.of("auth_method", "github", "auth_secret_id", secret("gh-secret")));
        String alias = alias(id);
        String good = "sha256=" + AuthMethod.hmacHex("gh-secret", PUSH.getBytes(StandardCharsets.UTF_8));
        ApiClient.Response ok = deliver(alias, PUSH, Map.of("X-Hub-Signature-256", good));
        ApiClient.Response bad = deliver(alias, PUSH, Map.of("X-Hub-Signature-256",
                "sha256=" + AuthMethod.hmacHex("other", PUSH.getBytes(StandardCharsets.UTF_8))));
        ApiClient.Response missing = deliver(alias, PUSH, Map.of());
        ApiClient.Response noPrefix = deliver(alias, PUSH, Map.of("X-Hub-Signature-256", good.substring(7)));
        ApiClient.Response changedBody = deliver(alias, PUSH + " ", Map.of("X-Hub-Signature-256", good));
        for (ApiClient.Response r : List.of(ok, bad, missing, noPrefix, changedBody)) {
            assertThat(r.status()).isEqualTo(204); // a stranger learns nothing from the answer
            assertThat(r.body()).isEmpty();
        }
        assertThat(tasksOf(id)).hasSize(1);
        assertThat(eventSays("X-Hub-Signature-256 signature did not match")).isTrue();
        // the project goes with its integrations and the key they use
        ApiClient.Response deleted = admin.delete(base);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(deliver(alias, PUSH, Map.of("X-Hub-Signature-256", good)).status()).isEqualTo(204);
    }

    @Test
    void token() {
        int id = integration(Map.of("auth_method", "token", "auth_secret_id", secret("tok-123"), "auth_header", "X-Hook-Token"));
        String alias = alias(id);
        deliver(alias, "{}", Map.of("x-hook-token", "tok-123")); // header names in any case
        deliver(alias, "{}", Map.of("X-Hook-Token", "tok-124"));
        deliver(alias, "{}", Map.of("X-Other", "tok-123"));
        assertThat(tasksOf(id)).hasSize(1);
        assertThat(eventSays("X-Hook-Token token did not match")).isTrue();
    }

    @Test
    void hmac() {
        int id = integration(Map.of("auth_method", "hmac", "auth_secret_id", secret("hm-key"), "auth_header", "X-Signature"));
        String alias = alias(id);
        String body = "{\"deploy\": true}";
        deliver(alias, body, Map.of("X-Signature", AuthMethod.hmacHex("hm-key", body.getBytes(StandardCharsets.UTF_8))));
        deliver(alias, body, Map.of("X-Signature", AuthMethod.hmacHex("hm-kez", body.getBytes(StandardCharsets.UTF_8))));
        deliver(alias, body, Map.of("X-Signature", "sha256=" + AuthMethod.hmacHex("hm-key", body.getBytes(StandardCharsets.UTF_8))));
        assertThat(tasksOf(id)).hasSize(1);
        assertThat(eventSays("X-Signature signature did not match")).isTrue();
    }

    @Test
    void matchers_filterDeliveries() {
        int id = integration(Map.of());
        String m = base + "/integrations/" + id + "/matchers";
        admin.post(m, Map.of("name", "push", "match_type", "header", "method", "equals", "key", "X-GitHub-Event", "value", "push"));
        admin.post(m, Map.of("name", "main", "match_type", "body", "method", "contains", "body_data_type", "json",
                "key", "ref", "value", "main"));
        admin.post(m, Map.of("name", "not a fork", "match_type", "body", "method", "unequals", "body_data_type", "json",
                "key", "repository.full_name", "value", "someone/fork"));
        admin.post(m, Map.of("name", "three commits", "match_type", "body", "method", "equals", "body_data_type", "json",
                "key", "commits.[0].count", "value", "3"));
        String alias = alias(id);
        deliver(alias, PUSH, Map.of("X-GitHub-Event", "push"));
        deliver(alias, PUSH, Map.of("X-GitHub-Event", "issues"));
        deliver(alias, PUSH.replace("refs/heads/main", "refs/heads/dev"), Map.of("X-GitHub-Event", "push"));
        deliver(alias, PUSH.replace("acme/shop", "someone/fork"), Map.of("X-GitHub-Event", "push"));
        deliver(alias, "not json", Map.of("X-GitHub-Event", "push"));
        assertThat(tasksOf(id)).hasSize(1);
        assertThat(eventSays("matcher 'push' did not hold")).isTrue();
        assertThat(eventSays("matcher 'main' did not hold")).isTrue();
        assertThat(eventSays("matcher 'not a fork' did not hold")).isTrue();
    }

    @Test
    void projectAndGlobalAliases_reachSearchableIntegrationsWithMatchers() {
        int shop = integration(Map.of("name", "shop", "searchable", true));
        int blog = integration(Map.of("name", "blog", "searchable", true));
        int unsearchable = integration(Map.of("name", "hidden"));
        int noMatchers = integration(Map.of("name", "no matchers", "searchable", true));
        for (int id : List.of(shop, blog, unsearchable)) {
            String name = id == shop ? "acme/shop" : id == blog ? "acme/blog" : "acme/shop";
            admin.post(base + "/integrations/" + id + "/matchers", Map.of("name", "repo", "match_type", "body",
                    "body_data_type", "json", "key", "repository.full_name", "value", name));
        }
        String url = admin.post(base + "/integrations/aliases", null).json().get("url").asText();
        String projectAlias = url.substring(url.lastIndexOf('/') + 1);
        deliver(projectAlias, PUSH, Map.of());
        assertThat(tasksOf(shop)).hasSize(1);
        assertThat(tasksOf(blog)).isEmpty();
        assertThat(tasksOf(unsearchable)).isEmpty();
        assertThat(tasksOf(noMatchers)).isEmpty();
        deliver(GLOBAL, PUSH.replace("acme/shop", "acme/blog"), Map.of());
        assertThat(tasksOf(blog)).hasSize(1);
        deliver(projectAlias, PUSH.replace("acme/shop", "acme/nothing"), Map.of());
        assertThat(eventSays("matched no integration")).isTrue();
        assertThat(tasksOf(shop)).hasSize(1);
    }

    @Test
    void extractedValues_reachTheTask() {
        int id = integration(Map.of("task_params", Map.of("environment", "{\"stage\": \"prod\", \"BRANCH\": \"old\"}")));
        String v = base + "/integrations/" + id + "/values";
        admin.post(v, Map.of("name", "branch", "value_source", "body", "body_data_type", "json", "key", "ref", "variable", "BRANCH"));
        admin.post(v, Map.of("name", "commit", "value_source", "body", "body_data_type", "json", "key", "commits.[0].id",
                "variable", "COMMIT"));
        admin.post(v, Map.of("name", "size", "value_source", "body", "body_data_type", "json", "key", "size", "variable", "SIZE"));
        admin.post(v, Map.of("name", "delivery", "value_source", "header", "key", "X-GitHub-Delivery", "variable", "DELIVERY"));
        admin.post(v, Map.of("name", "missing", "value_source", "body", "body_data_type", "json", "key", "nope.none",
                "variable", "MISSING"));
        admin.post(v, Map.of("name", "message", "value_source", "header", "key", "X-GitHub-Event", "variable", "message",
                "variable_type", "task"));
        deliver(alias(id), PUSH, Map.of("X-GitHub-Delivery", "d-77", "X-GitHub-Event", "push"));
        List<JsonNode> tasks = tasksOf(id);
        assertThat(tasks).hasSize(1);
        JsonNode task = admin.get(base + "/tasks/" + tasks.get(0).get("id").asLong()).json();
        assertThat(task.get("integration_id").asInt()).isEqualTo(id);
        assertThat(task.get("message").asText()).isEqualTo("push");
        JsonNode env = TestJson.parse(task.get("environment").asText());
        assertThat(env.get("stage").asText()).isEqualTo("prod");
        assertThat(env.get("BRANCH").asText()).isEqualTo("refs/heads/main");
        assertThat(env.get("COMMIT").asText()).isEqualTo("abc123");
        assertThat(env.get("SIZE").asText()).isEqualTo("42");
        assertThat(env.get("DELIVERY").asText()).isEqualTo("d-77");
        assertThat(env.get("MISSING").asText()).isEmpty();
    }

    /** Parses JSON text in assertions. */
    static final class TestJson {
        static JsonNode parse(String text) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }
}
