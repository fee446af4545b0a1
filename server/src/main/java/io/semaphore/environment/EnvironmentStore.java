package io.semaphore.environment;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Table {@code project__environment}. Every query is scoped to a project; secrets live in {@code access_key}. The
 * {@code password} column only ever receives ciphertext from {@code key.Secrets} and is never read back. A deleted
 * environment's secrets go with it ({@code access_key.environment_id ON DELETE CASCADE}).
 */
final class EnvironmentStore extends ProjectTable<Environment> {
    private static final RowMapper<Environment> MAPPER = (rs, ctx) -> new Environment(rs.getInt("id"),
            rs.getString("name"), rs.getInt("project_id"), rs.getString("json"), rs.getString("env"), List.of());

    EnvironmentStore(Database db) {
        super(db, "project__environment", "SELECT id, name, project_id, json, env FROM project__environment ", "", MAPPER);
    }

    /** {@code encryptedPassword}: ciphertext, or null for none. */
    int insert(int projectId, String name, String encryptedPassword, String json, String env, Instant created) {
        return insert("INSERT INTO project__environment (project_id, name, password, json, env, created)"
                        + " VALUES (:p, :name, :password, :json, :env, :created)",
                u -> u.bind("p", projectId).bind("name", name).bind("password", encryptedPassword).bind("json", json)
                        .bind("env", env).bind("created", created));
    }

    List<Environment> list(int projectId, boolean desc) {
        return ordered(projectId, "", "name", desc);
    }

    /** Name, extra variables and environment variables; the password has its own setter. */
    void update(Environment e) {
        db.run(h -> h.createUpdate("UPDATE project__environment SET name = :name, json = :json, env = :env"
                        + " WHERE project_id = :p AND id = :id")
                .bind("name", e.name()).bind("json", e.json()).bind("env", e.env())
                .bind("p", e.projectId()).bind("id", e.id()).execute());
    }

    /** {@code encryptedPassword}: ciphertext, or null to clear it. */
    void setPassword(int projectId, int id, String encryptedPassword) {
        db.run(h -> h.createUpdate("UPDATE project__environment SET password = :password WHERE project_id = :p AND id = :id")
                .bind("password", encryptedPassword).bind("p", projectId).bind("id", id).execute());
    }
}
