package io.semaphore.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.errors.ApiException;
import io.semaphore.event.EventStore;
import io.semaphore.task.state.Task;
import io.semaphore.task.TaskRequest;
import io.semaphore.task.TaskService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery to {@code POST /api/integrations/{alias}}. The alias names one integration, the searchable ones of a
 * project (project alias) or of every project (the global alias from config, {@code global_integration_alias}).
 * Each integration reached starts a task of its template when its matchers all hold (an integration reached
 * through a project or the global alias needs at least one, so that not every delivery starts everything) and the
 * delivery passes its auth method. What did not start, and why, is an event of the project for its members; the
 * sender is told nothing either way (the route answers 204 alike).
 */
public final class WebhookReceiver {
    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrationService integrations;
    private final TaskService tasks;
    private final EventStore events;
    private final String globalAlias;

    public WebhookReceiver(IntegrationService integrations, TaskService tasks, EventStore events, String globalAlias) {
        this.integrations = integrations;
        this.tasks = tasks;
        this.events = events;
        this.globalAlias = globalAlias == null ? "" : globalAlias;
    }

    /** One incoming request: its headers by name (any case) and its body. */
    public record Delivery(Function<String, String> header, byte[] body) {}

    /** Handles a delivery; returns the tasks it started (the route tells the sender nothing of them). */
    public List<Task> receive(String alias, Delivery d) {
        IntegrationStore store = integrations.store();
        List<Integration> reached;
        boolean single = false;
        if (!globalAlias.isEmpty() && alias.equals(globalAlias)) {
            reached = store.searchable(null);
        } else {
            Optional<IntegrationStore.AliasRow> row = store.alias(alias);
            if (row.isEmpty()) {
                log.info("Webhook delivery to an unknown integration alias ignored");
                return List.of();
            }
            IntegrationStore.AliasRow a = row.get();
            if (a.integrationId() == null) {
                reached = store.searchable(a.projectId());
            } else {
                single = true;
                reached = store.find(a.projectId(), a.integrationId()).map(List::of).orElse(List.of());
            }
        }
        JsonNode json = BodyPath.parse(d.body());
        List<Task> started = new ArrayList<>();
        Set<Integer> projectsReached = new LinkedHashSet<>();
        Set<Integer> projectsStarted = new LinkedHashSet<>();
        for (Integration i : reached) {
            projectsReached.add(i.projectId());
            List<IntegrationMatcher> matchers = store.parts(IntegrationStore.MATCHERS, i.projectId(), i.id());
            if (!single && matchers.isEmpty()) {
                continue; // reached by a project or global alias, it has no matcher to say the delivery is for it
            }
            Optional<IntegrationMatcher> failed = matchers.stream().filter(m -> !matches(m, d, json)).findFirst();
            if (failed.isPresent()) {
                if (single) {
                    refuse(i, "matcher '" + failed.get().name() + "' did not hold");
                }
                continue;
            }
            projectsStarted.add(i.projectId()); // for the "matched nothing" event: matched, whatever happens next
            String authProblem = authProblem(i, d);
            if (authProblem != null) {
                refuse(i, authProblem);
                continue;
            }
            try {
                List<IntegrationExtractValue> values = store.parts(IntegrationStore.VALUES, i.projectId(), i.id());
                Task t = tasks.startByIntegration(i.projectId(), request(i, values, d, json), i.id());
                log.info("Integration {} of project {} started task {}", i.id(), i.projectId(), t.id());
                started.add(t);
            } catch (ApiException e) {
                refuse(i, "its task could not start: " + e.getMessage());
            }
        }
        if (!single) {
            projectsReached.stream().filter(p -> !projectsStarted.contains(p)).forEach(p ->
                    events.record(p, null, "integration", null,
                            "Webhook delivery to a project alias matched no integration; no task started"));
        }
        return started;
    }

    private void refuse(Integration i, String why) {
        log.info("Integration {} of project {}: delivery ignored: {}", i.id(), i.projectId(), why);
        events.record(i.projectId(), null, "integration", i.id(),
                "Integration " + i.name() + ": webhook delivery ignored, " + why + "; no task started");
    }

    /** Null when the delivery passes the integration's auth method, else why not (for the project's events). */
    private String authProblem(Integration i, Delivery d) {
        AuthMethod method;
        try {
            method = AuthMethod.parse(i.authMethod());
        } catch (ApiException e) {
            return "its auth method '" + i.authMethod() + "' is unknown";
        }
        String secret = "";
        if (method.needsSecret()) {
            if (i.authSecretId() == null) {
                return "it has no secret key for auth method " + method.json();
            }
            try {
                secret = integrations.keys().decrypted(i.projectId(), i.authSecretId()).password();
            } catch (RuntimeException e) {
                return "its secret key could not be read";
            }
            if (secret == null || secret.isEmpty()) {
                return "its secret key has an empty password";
            }
        }
        if (method.verify(secret, i.authHeader(), d.header(), d.body())) {
            return null;
        }
        return switch (method) {
            case GITHUB -> "the " + AuthMethod.GITHUB_HEADER + " signature did not match";
            case HMAC -> "the " + i.authHeader() + " signature did not match";
            case TOKEN -> "the " + i.authHeader() + " token did not match";
            case NONE -> null;
        };
    }

    static boolean matches(IntegrationMatcher m, Delivery d, JsonNode json) {
        String actual;
        if (m.matchType().equals("header")) {
            actual = d.header().apply(m.key());
        } else if (m.bodyDataType().equals("string")) {
            actual = new String(d.body(), StandardCharsets.UTF_8);
        } else {
            actual = BodyPath.find(json, m.key());
        }
        String a = actual == null ? "" : actual;
        return switch (m.method()) {
            case "equals" -> a.equals(m.value());
            case "unequals" -> !a.equals(m.value());
            case "contains" -> a.contains(m.value());
            default -> false;
        };
    }

    /** The task to start: the integration's task_params, then the extracted values (which win). */
    private static TaskRequest request(Integration i, List<IntegrationExtractValue> values, Delivery d, JsonNode json) {
        JsonNode p = i.taskParams() == null ? JSON.createObjectNode() : i.taskParams();
        ObjectNode environment = JSON.createObjectNode();
        JsonNode env = p.get("environment");
        if (env != null && env.isTextual() && !env.asText().isBlank()) {
            try {
                env = JSON.readTree(env.asText());
            } catch (java.io.IOException e) {
                env = null;
            }
        }
        if (env != null && env.isObject()) {
            environment.setAll((ObjectNode) env);
        }
        Map<String, String> fields = new HashMap<>();
        for (String f : IntegrationService.TASK_FIELDS) {
            if (p.hasNonNull(f)) {
                fields.put(f, p.get(f).asText());
            }
        }
        for (IntegrationExtractValue v : values) {
            String value = extract(v, d, json);
            if (v.variableType().equals("task")) {
                fields.put(v.variable(), value == null ? "" : value);
            } else {
                environment.put(v.variable(), value == null ? "" : value);
            }
        }
        JsonNode args = p.get("arguments");
        return new TaskRequest(i.templateId(), bool(p, "debug"), bool(p, "dry_run"), bool(p, "diff"),
                text(p, "playbook"), environment.isEmpty() ? null : environment.toString(), null, fields.get("limit"),
                args == null || args.isNull() ? null : args.isTextual() ? args.asText() : args.toString(),
                fields.get("git_branch"), p.hasNonNull("inventory_id") && p.get("inventory_id").canConvertToInt()
                        ? p.get("inventory_id").asInt() : null,
                fields.get("message"), fields.get("commit_hash"), null, null);
    }

    static String extract(IntegrationExtractValue v, Delivery d, JsonNode json) {
        if (v.valueSource().equals("header")) {
            return d.header().apply(v.key());
        }
        if (v.bodyDataType().equals("string")) {
            return new String(d.body(), StandardCharsets.UTF_8);
        }
        return BodyPath.find(json, v.key());
    }

    private static Boolean bool(JsonNode p, String field) {
        return p.hasNonNull(field) ? p.get(field).asBoolean() : null;
    }

    private static String text(JsonNode p, String field) {
        return p.hasNonNull(field) ? p.get(field).asText() : null;
    }
}
