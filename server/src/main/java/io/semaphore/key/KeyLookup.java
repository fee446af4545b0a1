package io.semaphore.key;

import io.semaphore.db.Database;
import io.semaphore.errors.ValidationException;

/**
 * Whether an access key belongs to a project: the one query that repositories and inventories make on
 * {@code access_key} until {@code KeyService} takes it over. Environment secrets (keys with an
 * {@code environment_id}) are not keys a repository or inventory can use.
 */
public final class KeyLookup {
    private final Database db;

    public KeyLookup(Database db) {
        this.db = db;
    }

    public boolean isProjectKey(int projectId, int keyId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM access_key"
                        + " WHERE id = :id AND project_id = :p AND environment_id IS NULL")
                .bind("id", keyId).bind("p", projectId).mapTo(Integer.class).one()) > 0;
    }

    /** 400 "{@code field} N is not a key of this project" unless the key is one of the project's keys. */
    public void requireProjectKey(String field, int projectId, int keyId) {
        if (!isProjectKey(projectId, keyId)) {
            throw new ValidationException(field + " " + keyId + " is not a key of this project");
        }
    }
}
