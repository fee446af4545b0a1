package io.semaphore.integration;

import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.key.AccessKey;
import io.semaphore.key.KeyService;
import io.semaphore.key.KeyType;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.References;
import io.semaphore.project.References.Kind;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/**
 * Integrations of a project with their matchers, extracted values and aliases: validation, storage and an event
 * for every create, update and delete. Deliveries are {@link WebhookReceiver}'s.
 */
public final class IntegrationService {
    /** Task fields an extracted value of variable_type {@code task} may set. */
    static final Set<String> TASK_FIELDS = Set.of("message", "git_branch", "commit_hash", "limit");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProjectChanges changes;
    private final IntegrationStore store;
    private final KeyService keys;
    private final String webHost;
    private final IntegrationParts<IntegrationMatcher> matchers;
    private final IntegrationParts<IntegrationExtractValue> values;

    public IntegrationService(ProjectChanges changes, KeyService keys, String webHost) {
        this.changes = changes;
        this.store = changes.store(IntegrationStore::new);
        this.keys = keys;
        this.webHost = webHost == null ? "" : webHost.replaceAll("/+$", "");
        this.matchers = new IntegrationParts<>(this, IntegrationStore.MATCHERS, "matcher",
                IntegrationService::validated);
        this.values = new IntegrationParts<>(this, IntegrationStore.VALUES, "extracted value",
                IntegrationService::validated);
    }

    IntegrationStore store() {
        return store;
    }

    ProjectChanges changes() {
        return changes;
    }

    KeyService keys() {
        return keys;
    }

    // ------------------------------------------------------------------ integrations

    public List<Integration> list(int projectId) {
        return store.list(projectId);
    }

    public Integration get(int projectId, int id) {
        return changes.found(store.find(projectId, id), "Integration", projectId, id);
    }

    public Integration create(int userId, int projectId, IntegrationRequest r) {
        Integration i = validated(projectId, 0, r, null);
        return changes.created(projectId, userId, "integration", () -> get(projectId, store.insert(i)), Integration::id,
                row -> "Integration " + i.name());
    }

    public void update(int userId, int projectId, int id, IntegrationRequest r) {
        Integration i = validated(projectId, id, r, get(projectId, id));
        changes.updated(projectId, userId, "integration", id, "Integration " + i.name(), () -> store.update(i));
    }

    /** Its matchers, extracted values and aliases go with it. */
    public void delete(int userId, int projectId, int id) {
        Integration i = get(projectId, id);
        changes.deleted(projectId, userId, "integration", id, "Integration " + i.name(), null,
                () -> store.delete(projectId, id));
    }

    private Integration validated(int projectId, int id, IntegrationRequest r, Integration old) {
        io.semaphore.errors.Fields.sameProject(projectId, r.projectId());
        String name = r.name() != null ? r.name().trim() : old == null ? "" : old.name();
        if (name.isEmpty()) {
            throw new ValidationException("Field 'name' is required");
        }
        if (name.length() > 255) {
            throw new ValidationException("Field 'name' is longer than 255 characters");
        }
        Integer templateId = r.templateId() != null ? r.templateId() : old == null ? null : old.templateId();
        if (templateId == null) {
            throw new ValidationException("Field 'template_id' is required: the template whose task a delivery starts");
        }
        changes.references().requireInProject(Kind.TEMPLATE, "template_id", projectId, templateId);
        AuthMethod method = AuthMethod.parse(r.authMethod() != null ? r.authMethod() : old == null ? "" : old.authMethod());
        Integer secretId = r.authMethod() != null || r.authSecretId() != null ? r.authSecretId()
                : old == null ? null : old.authSecretId();
        String header = r.authHeader() != null ? r.authHeader().trim() : old == null ? "" : old.authHeader();
        if (method.needsSecret()) {
            if (secretId == null) {
                throw new ValidationException("Field 'auth_secret_id' is required for auth_method " + method.json()
                        + ": a login_password key of this project whose password is the shared secret");
            }
            AccessKey key;
            try {
                key = keys.get(projectId, secretId);
            } catch (NotFoundException e) {
                throw new ValidationException("Field 'auth_secret_id': key " + secretId + " does not exist in this project");
            }
            if (!key.type().equals(KeyType.LOGIN_PASSWORD.json())) {
                throw new ValidationException("Field 'auth_secret_id': key " + key.name() + " is of type " + key.type()
                        + "; use a login_password key, whose password is the secret");
            }
        } else {
            secretId = null;
        }
        if (method.needsHeader() && header.isEmpty()) {
            throw new ValidationException("Field 'auth_header' is required for auth_method " + method.json()
                    + ": the request header that carries the " + (method == AuthMethod.TOKEN ? "token" : "signature"));
        }
        if (!method.needsHeader()) {
            header = "";
        }
        boolean searchable = r.searchable() != null ? r.searchable() : old != null && old.searchable();
        var params = r.taskParams() != null ? r.taskParams() : old == null ? null : old.taskParams();
        if (params != null && params.isNull()) {
            params = null;
        }
        if (params != null && !params.isObject()) {
            throw new ValidationException("Field 'task_params' must be a JSON object, e.g. {\"message\": \"from a webhook\"}");
        }
        return new Integration(id, name, projectId, templateId, method.json(), secretId, header, searchable, params);
    }

    // ------------------------------------------------------------------ references

    /** {@code GET …/integrations/{id}/refs}: what belongs to the integration, as Semaphore lists it. */
    public record IntegrationRefs(List<References.Ref> matchers, List<References.Ref> values) {}

    /** {@code GET …/matchers/{id}/refs} and {@code …/values/{id}/refs}: nothing can use a matcher or a value. */
    public record PartRefs(List<References.Ref> integrations) {}

    /** The integration's matchers and extracted values ({@code {id, name}}), by name; 404 for another project's. */
    public IntegrationRefs refs(int projectId, int id) {
        get(projectId, id);
        return new IntegrationRefs(
                matchers.list(projectId, id).stream().map(m -> new References.Ref(m.id(), m.name()))
                        .sorted(java.util.Comparator.comparing(References.Ref::name)).toList(),
                values.list(projectId, id).stream().map(v -> new References.Ref(v.id(), v.name()))
                        .sorted(java.util.Comparator.comparing(References.Ref::name)).toList());
    }

    public PartRefs matcherRefs(int projectId, int integrationId, int id) {
        matchers.get(projectId, integrationId, id);
        return new PartRefs(List.of());
    }

    public PartRefs valueRefs(int projectId, int integrationId, int id) {
        values.get(projectId, integrationId, id);
        return new PartRefs(List.of());
    }

    // ------------------------------------------------------------------ matchers

    /** The integrations' matchers: conditions a delivery must meet. */
    public IntegrationParts<IntegrationMatcher> matchers() {
        return matchers;
    }

    private static IntegrationMatcher validated(int integrationId, int id, IntegrationMatcher r) {
        String name = required("name", r.name());
        String type = oneOf("match_type", r.matchType(), List.of("header", "body"));
        String method = r.method() == null || r.method().isEmpty() ? "equals"
                : oneOf("method", r.method(), List.of("equals", "unequals", "contains"));
        String body = "";
        if (type.equals("body")) {
            body = bodyType(r.bodyDataType());
        }
        String key = r.key() == null ? "" : r.key().trim();
        if (key.isEmpty() && !body.equals("string")) {
            throw new ValidationException("Field 'key' is required: the " + (type.equals("header")
                    ? "header name, such as X-GitHub-Event" : "JSON path in the body, such as ref or repository.full_name"));
        }
        String value = r.value() == null ? "" : r.value();
        if (value.isEmpty()) {
            throw new ValidationException("Field 'value' is required: what the " + type + " is compared with");
        }
        return new IntegrationMatcher(id, integrationId, name, type, method, body, key, value);
    }

    // ------------------------------------------------------------------ extracted values

    /** The integrations' extracted values: what a delivery gives its task. */
    public IntegrationParts<IntegrationExtractValue> values() {
        return values;
    }

    private static IntegrationExtractValue validated(int integrationId, int id, IntegrationExtractValue r) {
        String name = required("name", r.name());
        String source = oneOf("value_source", r.valueSource(), List.of("body", "header"));
        String body = source.equals("body") ? bodyType(r.bodyDataType()) : "";
        String key = r.key() == null ? "" : r.key().trim();
        if (key.isEmpty() && !body.equals("string")) {
            throw new ValidationException("Field 'key' is required: the " + (source.equals("header")
                    ? "header name to read" : "JSON path to read, such as head_commit.id"));
        }
        String variable = required("variable", r.variable());
        String type = r.variableType() == null || r.variableType().isEmpty() ? "environment"
                : oneOf("variable_type", r.variableType(), List.of("environment", "task"));
        if (type.equals("task") && !TASK_FIELDS.contains(variable)) {
            throw new ValidationException("Field 'variable': a value of variable_type task sets a task field, one of "
                    + String.join(", ", TASK_FIELDS.stream().sorted().toList()) + "; '" + variable + "' is not one");
        }
        return new IntegrationExtractValue(id, integrationId, name, source, body, key, variable, type);
    }

    // ------------------------------------------------------------------ aliases

    /** The project's aliases when {@code integrationId} is null, else the integration's. */
    public List<IntegrationAlias> aliases(int projectId, Integer integrationId) {
        if (integrationId != null) {
            get(projectId, integrationId);
        }
        return store.aliases(projectId, integrationId).stream().map(this::publicAlias).toList();
    }

    public IntegrationAlias createAlias(int userId, int projectId, Integer integrationId) {
        String owner = integrationId == null ? "Project" : "Integration " + get(projectId, integrationId).name();
        StringBuilder alias = new StringBuilder();
        for (int k = 0; k < 32; k++) {
            alias.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return changes.recorded(projectId, userId, "integration",
                () -> publicAlias(new IntegrationStore.AliasRow(store.insertAlias(projectId, integrationId, alias.toString()),
                        alias.toString(), projectId, integrationId)),
                added -> integrationId, added -> owner + ": webhook alias added");
    }

    public void deleteAlias(int userId, int projectId, Integer integrationId, int id) {
        String owner = integrationId == null ? "Project" : "Integration " + get(projectId, integrationId).name();
        changes.changed(projectId, userId, "integration", integrationId, () -> {
            if (!store.deleteAlias(projectId, integrationId, id)) {
                throw new NotFoundException("Alias " + id + " not found" + (integrationId == null
                        ? " among the project's aliases" : " in integration " + integrationId));
            }
        }, () -> owner + ": webhook alias removed");
    }

    private IntegrationAlias publicAlias(IntegrationStore.AliasRow a) {
        return new IntegrationAlias(a.id(), webHost + "/api/integrations/" + a.alias());
    }

    // ------------------------------------------------------------------ checks

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("Field '" + field + "' is required");
        }
        if (value.length() > 255) {
            throw new ValidationException("Field '" + field + "' is longer than 255 characters");
        }
        return value.trim();
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("Field '" + field + "' is required; allowed: " + String.join(", ", allowed));
        }
        if (!allowed.contains(value)) {
            throw new ValidationException("Field '" + field + "' is '" + value + "'; allowed: " + String.join(", ", allowed));
        }
        return value;
    }

    private static String bodyType(String value) {
        if ("xml".equals(value)) {
            throw new ValidationException("Field 'body_data_type': xml bodies are not supported (Semaphore does not"
                    + " read them either); use json or string");
        }
        return oneOf("body_data_type", value, List.of("json", "string"));
    }
}
