package io.semaphore.environment;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.errors.Fields;
import io.semaphore.errors.ValidationException;
import io.semaphore.key.KeyService;
import io.semaphore.key.SecretKey;
import io.semaphore.key.Secrets;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectResourceArea;
import io.semaphore.project.References;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Variable groups: extra variables, process environment variables and write-only secrets. Secrets are stored
 * through {@link KeyService} as {@code string} keys named {@code var.<NAME>} or {@code env.<NAME>}; an environment
 * and its secret changes are written in one transaction, after every change has been checked. Semaphore's legacy
 * {@code password} is write-only too: encrypted with {@link Secrets} in its column, never read back (nothing runs
 * with it; Semaphore v2.10 did not either).
 */
public final class EnvironmentService extends ProjectResourceArea<Environment, EnvironmentRequest, EnvironmentStore> {
    private static final int MAX_NAME = 255;
    private static final Map<String, String> OWNER = Map.of("var", "variable", "env", "environment");

    private final KeyService keys;
    private final Secrets secrets;

    public EnvironmentService(ProjectChanges changes, KeyService keys, Secrets secrets) {
        super(changes, Naming.of("environment", "Environment", Environment::id, Environment::name,
                References::ofEnvironment), EnvironmentStore::new);
        this.keys = keys;
        this.secrets = secrets;
    }

    /** Environments are always listed by name, as Semaphore does: {@code sort} is not used. */
    @Override
    public List<Environment> list(int projectId, String sort, String order) {
        return list(projectId, order);
    }

    /** The project's environments by name ({@code order} asc or desc), each with its secrets' names. */
    public List<Environment> list(int projectId, String order) {
        return changes.read(() -> {
            Map<Integer, List<EnvironmentSecret>> secrets = keys.environmentSecrets(projectId, null).stream()
                    .collect(Collectors.groupingBy(SecretKey::environmentId,
                            Collectors.mapping(EnvironmentService::view, Collectors.toList())));
            return store.list(projectId, "desc".equalsIgnoreCase(order)).stream()
                    .map(e -> e.withSecrets(secrets.getOrDefault(e.id(), List.of()))).toList();
        });
    }

    /** With its secrets' names. */
    @Override
    public Optional<Environment> find(int projectId, int id) {
        return store.find(projectId, id).map(e -> e.withSecrets(secrets(projectId, id)));
    }

    @Override
    public Environment create(int userId, int projectId, EnvironmentRequest r) {
        Fields.sameProject(projectId, r.projectId());
        String name = name(r.name());
        if (r.json() == null) {
            throw new ValidationException("Field 'json' is required: the extra variables as a JSON object, {} for none");
        }
        String json = JsonText.object("json", r.json(), false);
        String env = env(r.env());
        String password = encrypt(password(r.password()));
        List<SecretChanges.Change> secretChanges = SecretChanges.check(List.of(), r.secrets());
        return created(userId, projectId, () -> {
            int id = store.insert(projectId, name, password, json, env, changes.now());
            apply(projectId, id, secretChanges);
            return get(projectId, id);
        });
    }

    /**
     * Absent fields stay as they are; {@code env: ""} clears the environment variables. The password, like every
     * secret here, cannot be read back, so an absent or empty {@code password} (what a read shows) keeps the stored
     * one, a non-empty one replaces it, and an explicit {@code "password": null} clears it.
     */
    @Override
    public void update(int userId, int projectId, int id, EnvironmentRequest r) {
        Environment old = get(projectId, id);
        Fields.sameId("Environment", r.id(), id);
        Fields.sameProject(projectId, r.projectId());
        Environment e = new Environment(id, r.name() == null ? old.name() : name(r.name()), projectId,
                r.json() == null ? old.json() : JsonText.object("json", r.json(), false),
                r.env() == null ? old.env() : env(r.env()), List.of());
        boolean clearPassword = r.password() != null && r.password().isNull();
        String newPassword = encrypt(password(r.password()));
        List<SecretChanges.Change> secretChanges = SecretChanges.check(old.secrets(), r.secrets());
        updated(userId, projectId, id, e.name(), () -> {
            store.update(e);
            if (clearPassword || newPassword != null) {
                store.setPassword(projectId, id, newPassword);
            }
            apply(projectId, id, secretChanges);
        });
    }

    /** The environment's secrets with their values, for the task engine. */
    public List<EnvironmentSecretValue> decryptedSecrets(int projectId, int id) {
        get(projectId, id);
        return keys.decryptedEnvironmentSecrets(projectId, id).stream().map(k -> {
            EnvironmentSecret s = parse(k.id(), k.name());
            return new EnvironmentSecretValue(s.type(), s.name(), k.value());
        }).toList();
    }

    private void apply(int projectId, int environmentId, List<SecretChanges.Change> changes) {
        for (SecretChanges.Change c : changes) {
            String stored = c.type() + "." + c.name();
            switch (c.op()) {
                case CREATE -> keys.createEnvironmentSecret(projectId, environmentId, stored, OWNER.get(c.type()), c.value());
                case UPDATE -> keys.updateEnvironmentSecret(projectId, environmentId, c.id(), stored, OWNER.get(c.type()), c.value());
                case DELETE -> keys.deleteEnvironmentSecret(projectId, environmentId, c.id());
            }
        }
    }

    private List<EnvironmentSecret> secrets(int projectId, int environmentId) {
        return keys.environmentSecrets(projectId, environmentId).stream().map(EnvironmentService::view).toList();
    }

    private static EnvironmentSecret view(SecretKey k) {
        return parse(k.id(), k.name());
    }

    /** "var.NAME" / "env.NAME" → type and name. */
    private static EnvironmentSecret parse(int id, String stored) {
        int dot = stored.indexOf('.');
        String type = dot > 0 ? stored.substring(0, dot) : "";
        if (!OWNER.containsKey(type)) {
            return new EnvironmentSecret(id, "var", stored);
        }
        return new EnvironmentSecret(id, type, stored.substring(dot + 1));
    }

    private static String env(String env) {
        return env == null || env.isBlank() ? null : JsonText.object("env", env, true);
    }

    /** The password a request sets: null when it sets none (absent, {@code null} or {@code ""}). */
    private static String password(JsonNode password) {
        if (password == null || password.isNull()) {
            return null;
        }
        if (!password.isTextual()) {
            throw new ValidationException("Field 'password' must be a string");
        }
        String text = password.asText();
        if (text.length() > 255) {
            throw new ValidationException("Field 'password' is longer than 255 characters");
        }
        return text.isEmpty() ? null : text;
    }

    private String encrypt(String plaintext) {
        return plaintext == null ? null : secrets.encrypt(plaintext);
    }

    private static String name(String name) {
        return Fields.required("name", name, MAX_NAME);
    }
}
