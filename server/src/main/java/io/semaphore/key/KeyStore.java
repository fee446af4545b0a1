package io.semaphore.key;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectRows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Table {@code access_key}. Every query is scoped to a project. Project keys have no {@code environment_id};
 * environment secrets have one. The {@code secret} column only ever receives ciphertext from {@link Secrets}.
 */
final class KeyStore implements ProjectRows<AccessKey> {
    /** A row; {@code secret} is the stored ciphertext (null: no secret). */
    record Row(int id, String name, KeyType type, int projectId, Integer environmentId, String owner, String secret) {
        AccessKey view() {
            return new AccessKey(id, name, type.json(), projectId, secret == null || secret.isEmpty());
        }

        @Override
        public String toString() {
            return "Row[id=" + id + ", name=" + name + ", type=" + type.json() + ", projectId=" + projectId
                    + ", environmentId=" + environmentId + ", owner=" + owner + ", secret=" + Hidden.of(secret) + "]";
        }
    }

    private static final String COLUMNS = "id, name, type, project_id, environment_id, owner, secret";
    private static final RowMapper<Row> MAPPER = (rs, ctx) -> {
        int env = rs.getInt("environment_id");
        Integer environmentId = rs.wasNull() ? null : env;
        return new Row(rs.getInt("id"), rs.getString("name"), KeyType.stored(rs.getString("type")), rs.getInt("project_id"),
                environmentId, rs.getString("owner"), rs.getString("secret"));
    };

    private final Database db;

    KeyStore(Database db) {
        this.db = db;
    }

    int insert(int projectId, Integer environmentId, String name, KeyType type, String owner, String secret, Instant created) {
        return db.tx(h -> h.createUpdate("INSERT INTO access_key (name, type, project_id, secret, environment_id, owner, created)"
                        + " VALUES (:name, :type, :p, :secret, :env, :owner, :created)")
                .bind("name", name).bind("type", type.json()).bind("p", projectId).bind("secret", secret)
                .bind("env", environmentId).bind("owner", owner).bind("created", created)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** The project's keys, environment secrets left out; {@code orderBy} is "name" or "type". */
    List<Row> listProjectKeys(int projectId, String orderBy, boolean desc) {
        String column = "type".equals(orderBy) ? "type" : "name";
        String dir = desc ? " DESC" : " ASC";
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM access_key WHERE project_id = :p"
                        + " AND environment_id IS NULL ORDER BY " + column + dir + ", id" + dir)
                .bind("p", projectId).map(MAPPER).list());
    }

    /** A project key (not an environment secret) as the API shows it. */
    @Override
    public Optional<AccessKey> find(int projectId, int id) {
        return findProjectKey(projectId, id).map(Row::view);
    }

    /** A project key (not an environment secret). */
    Optional<Row> findProjectKey(int projectId, int id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM access_key WHERE project_id = :p AND id = :id"
                        + " AND environment_id IS NULL")
                .bind("p", projectId).bind("id", id).map(MAPPER).findOne());
    }

    /** Secrets of one environment, or of every environment of the project when {@code environmentId} is null. */
    List<Row> listSecrets(int projectId, Integer environmentId) {
        if (environmentId == null) {
            return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM access_key WHERE project_id = :p"
                    + " AND environment_id IS NOT NULL ORDER BY name, id").bind("p", projectId).map(MAPPER).list());
        }
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM access_key WHERE project_id = :p"
                        + " AND environment_id = :env ORDER BY name, id")
                .bind("p", projectId).bind("env", environmentId).map(MAPPER).list());
    }

    void rename(int projectId, int id, String name) {
        db.run(h -> h.createUpdate("UPDATE access_key SET name = :name WHERE project_id = :p AND id = :id")
                .bind("name", name).bind("p", projectId).bind("id", id).execute());
    }

    void replace(int projectId, int id, String name, KeyType type, String owner, String secret) {
        db.run(h -> h.createUpdate("UPDATE access_key SET name = :name, type = :type, owner = :owner, secret = :secret"
                        + " WHERE project_id = :p AND id = :id")
                .bind("name", name).bind("type", type.json()).bind("owner", owner).bind("secret", secret)
                .bind("p", projectId).bind("id", id).execute());
    }

    /** Fails with a 409 (foreign key) when something still refers to the key; callers check references first. */
    @Override
    public void delete(int projectId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM access_key WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).execute());
    }
}
