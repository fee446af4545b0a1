package io.semaphore.key;

import io.semaphore.errors.Fields;
import io.semaphore.errors.NotFoundException;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectResourceArea;
import io.semaphore.project.References;
import java.util.List;

/**
 * The Key Store of a project: ssh keys, logins with passwords and "none" keys, with their secrets encrypted by
 * {@link Secrets} and never returned. Also keeps the secrets of environments ({@code string} keys owned by an
 * environment) for {@code environment.EnvironmentService}, and decrypts keys for the code that uses them.
 */
public final class KeyService extends ProjectResourceArea<AccessKey, KeyRequest, KeyStore> {
    private static final int MAX_NAME = 255;
    private static final Naming<AccessKey> NAMING = new Naming<>("key", "Access Key", "Access key", AccessKey::id,
            AccessKey::name, References::ofKey);

    private final Secrets secrets;

    public KeyService(ProjectChanges changes, Secrets secrets) {
        super(changes, NAMING, KeyStore::new);
        this.secrets = secrets;
    }

    /** The project's keys (environment secrets left out), by {@code sort} name or type, {@code order} asc or desc. */
    @Override
    public List<AccessKey> list(int projectId, String sort, String order) {
        return store.listProjectKeys(projectId, sort, "desc".equalsIgnoreCase(order)).stream().map(KeyStore.Row::view).toList();
    }

    @Override
    public AccessKey create(int userId, int projectId, KeyRequest r) {
        Fields.sameProject(projectId, r.projectId());
        String name = name(r.name());
        KeyType type = KeyType.fromApi(r.type());
        String secret = encrypt(KeyPayloads.plaintext(type, r.ssh(), r.loginPassword()));
        return created(userId, projectId, () -> new AccessKey(store.insert(projectId, null, name, type, "", secret,
                changes.now()), name, type.json(), projectId, secret == null));
    }

    /**
     * A key restored from a backup: name and type only, no secret (backups never carry secrets); the user fills the
     * secret in afterwards. The key reports {@code empty: true} until then.
     */
    public AccessKey createWithoutSecret(int userId, int projectId, String name, String type) {
        String n = name(name);
        KeyType t = KeyType.fromApi(type);
        return changes.recorded(projectId, userId, NAMING.objectType(),
                () -> new AccessKey(store.insert(projectId, null, n, t, "", null, changes.now()), n, t.json(), projectId, true),
                AccessKey::id, k -> "Access Key " + k.name() + " restored (secret to be filled in)");
    }

    /**
     * Renames the key; replaces the secret with {@code override_secret: true} (Semaphore) or when the type changes,
     * otherwise the stored secret stays. A new type needs its secret; {@code none} clears it.
     */
    @Override
    public void update(int userId, int projectId, int id, KeyRequest r) {
        KeyStore.Row old = row(projectId, id);
        Fields.sameId("Key", r.id(), id);
        Fields.sameProject(projectId, r.projectId());
        String name = r.name() == null ? old.name() : name(r.name());
        KeyType type = r.type() == null ? old.type() : KeyType.fromApi(r.type());
        // A new type cannot keep the old secret: changing it replaces the secret (to none: clears it), as
        // override_secret does; the new type's secret is then required.
        boolean override = Boolean.TRUE.equals(r.overrideSecret()) || type != old.type();
        String secret = override ? encrypt(KeyPayloads.plaintext(type, r.ssh(), r.loginPassword())) : null;
        updated(userId, projectId, id, name, () -> {
            if (override) {
                store.replace(projectId, id, name, type, old.owner(), secret);
            } else {
                store.rename(projectId, id, name);
            }
        });
    }

    /** A project key with its secret decrypted, for the task engine; fails clearly when the secret cannot be read. */
    public DecryptedKey decrypted(int projectId, int id) {
        KeyStore.Row k = row(projectId, id);
        return KeyPayloads.read(k.id(), k.name(), k.type(), decrypt(k.secret()));
    }

    // Environment secrets: string keys owned by an environment. Callers validate names; these join their transaction.

    /** Secrets of one environment, or of all the project's environments when {@code environmentId} is null. */
    public List<SecretKey> environmentSecrets(int projectId, Integer environmentId) {
        return store.listSecrets(projectId, environmentId).stream()
                .map(k -> new SecretKey(k.id(), k.environmentId(), k.name(), k.owner())).toList();
    }

    public int createEnvironmentSecret(int projectId, int environmentId, String name, String owner, String value) {
        return store.insert(projectId, environmentId, name, KeyType.STRING, owner, encrypt(value), changes.now());
    }

    /** Renames the secret; a non-null {@code value} replaces the stored one. */
    public void updateEnvironmentSecret(int projectId, int environmentId, int id, String name, String owner, String value) {
        KeyStore.Row k = secretRow(projectId, environmentId, id);
        store.replace(projectId, id, name, KeyType.STRING, owner, value == null ? k.secret() : encrypt(value));
    }

    public void deleteEnvironmentSecret(int projectId, int environmentId, int id) {
        secretRow(projectId, environmentId, id);
        store.delete(projectId, id);
    }

    /** The environment's secrets with their values, for the task engine. */
    public List<DecryptedKey> decryptedEnvironmentSecrets(int projectId, int environmentId) {
        return store.listSecrets(projectId, environmentId).stream()
                .map(k -> KeyPayloads.read(k.id(), k.name(), k.type(), decrypt(k.secret()))).toList();
    }

    private KeyStore.Row row(int projectId, int id) {
        return store.findProjectKey(projectId, id)
                .orElseThrow(() -> notFound(projectId, id));
    }

    private KeyStore.Row secretRow(int projectId, int environmentId, int id) {
        return store.listSecrets(projectId, environmentId).stream().filter(k -> k.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("Secret " + id + " not found in environment " + environmentId));
    }

    private String encrypt(String plaintext) {
        return plaintext == null ? null : secrets.encrypt(plaintext);
    }

    private String decrypt(String stored) {
        return stored == null || stored.isEmpty() ? null : secrets.decrypt(stored);
    }

    private static String name(String name) {
        return Fields.required("name", name, MAX_NAME);
    }
}
