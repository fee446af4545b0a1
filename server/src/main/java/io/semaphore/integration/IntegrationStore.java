package io.semaphore.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Tables {@code project__integration}, {@code project__integration_matcher}, {@code project__integration_extract_value}
 * and {@code project__integration_alias}. Every query is scoped to a project (matchers and values through their
 * integration), so an id of another project names nothing.
 */
final class IntegrationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTEGRATION = "SELECT id, name, project_id, template_id, auth_method, auth_secret_id,"
            + " auth_header, searchable, task_params FROM project__integration ";
    private static final String MATCHER = "SELECT m.id, m.integration_id, m.name, m.match_type, m.method, m.body_data_type,"
            + " m.\"key\", m.\"value\" FROM project__integration_matcher m"
            + " JOIN project__integration i ON i.id = m.integration_id ";
    private static final String VALUE = "SELECT v.id, v.integration_id, v.name, v.value_source, v.body_data_type,"
            + " v.\"key\", v.variable, v.variable_type FROM project__integration_extract_value v"
            + " JOIN project__integration i ON i.id = v.integration_id ";

    /** An alias row (its text is the secret part of the URL). */
    record AliasRow(int id, String alias, int projectId, Integer integrationId) {}

    private final Database db;

    IntegrationStore(Database db) {
        this.db = db;
    }

    // ------------------------------------------------------------------ integrations

    int insert(Integration i) {
        return db.tx(h -> h.createUpdate("INSERT INTO project__integration (project_id, name, template_id, auth_method,"
                        + " auth_secret_id, auth_header, searchable, task_params)"
                        + " VALUES (:p, :name, :tpl, :method, :secret, :header, :searchable, :params)")
                .bind("p", i.projectId()).bind("name", i.name()).bind("tpl", i.templateId())
                .bind("method", i.authMethod()).bind("secret", i.authSecretId()).bind("header", i.authHeader())
                .bind("searchable", i.searchable()).bind("params", i.taskParams() == null ? null : i.taskParams().toString())
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    void update(Integration i) {
        db.run(h -> h.createUpdate("UPDATE project__integration SET name = :name, template_id = :tpl, auth_method = :method,"
                        + " auth_secret_id = :secret, auth_header = :header, searchable = :searchable, task_params = :params"
                        + " WHERE project_id = :p AND id = :id")
                .bind("p", i.projectId()).bind("id", i.id()).bind("name", i.name()).bind("tpl", i.templateId())
                .bind("method", i.authMethod()).bind("secret", i.authSecretId()).bind("header", i.authHeader())
                .bind("searchable", i.searchable()).bind("params", i.taskParams() == null ? null : i.taskParams().toString())
                .execute());
    }

    List<Integration> list(int projectId) {
        return db.read(h -> h.createQuery(INTEGRATION + "WHERE project_id = :p ORDER BY name, id").bind("p", projectId)
                .map((rs, ctx) -> integration(rs)).list());
    }

    Optional<Integration> find(int projectId, int id) {
        return db.read(h -> h.createQuery(INTEGRATION + "WHERE project_id = :p AND id = :id").bind("p", projectId)
                .bind("id", id).map((rs, ctx) -> integration(rs)).findOne());
    }

    /** Searchable integrations of one project, or of every project when {@code projectId} is null (global alias). */
    List<Integration> searchable(Integer projectId) {
        return db.read(h -> h.createQuery(INTEGRATION + "WHERE searchable = :t"
                        + (projectId == null ? "" : " AND project_id = :p") + " ORDER BY id")
                .bind("t", true).bind("p", projectId).map((rs, ctx) -> integration(rs)).list());
    }

    /** Matchers, values and aliases go with it (ON DELETE CASCADE); tasks keep its id. */
    void delete(int projectId, int id) {
        db.run(h -> {
            // Explicit deletes: SQLite enforces the cascade only with foreign keys on, and MariaDB's is per engine.
            h.createUpdate("DELETE FROM project__integration_matcher WHERE integration_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM project__integration_extract_value WHERE integration_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM project__integration_alias WHERE integration_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM project__integration WHERE project_id = :p AND id = :id")
                    .bind("p", projectId).bind("id", id).execute();
        });
    }

    // ------------------------------------------------------------------ matchers

    int insertMatcher(IntegrationMatcher m) {
        return db.tx(h -> h.createUpdate("INSERT INTO project__integration_matcher (integration_id, name, match_type, method,"
                        + " body_data_type, \"key\", \"value\") VALUES (:i, :name, :type, :method, :body, :key, :value)")
                .bind("i", m.integrationId()).bind("name", m.name()).bind("type", m.matchType()).bind("method", m.method())
                .bind("body", m.bodyDataType()).bind("key", m.key()).bind("value", m.value())
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    void updateMatcher(IntegrationMatcher m) {
        db.run(h -> h.createUpdate("UPDATE project__integration_matcher SET name = :name, match_type = :type, method = :method,"
                        + " body_data_type = :body, \"key\" = :key, \"value\" = :value WHERE integration_id = :i AND id = :id")
                .bind("i", m.integrationId()).bind("id", m.id()).bind("name", m.name()).bind("type", m.matchType())
                .bind("method", m.method()).bind("body", m.bodyDataType()).bind("key", m.key()).bind("value", m.value())
                .execute());
    }

    List<IntegrationMatcher> matchers(int projectId, int integrationId) {
        return db.read(h -> h.createQuery(MATCHER + "WHERE i.project_id = :p AND m.integration_id = :i ORDER BY m.id")
                .bind("p", projectId).bind("i", integrationId).map((rs, ctx) -> matcher(rs)).list());
    }

    Optional<IntegrationMatcher> matcher(int projectId, int integrationId, int id) {
        return db.read(h -> h.createQuery(MATCHER + "WHERE i.project_id = :p AND m.integration_id = :i AND m.id = :id")
                .bind("p", projectId).bind("i", integrationId).bind("id", id).map((rs, ctx) -> matcher(rs)).findOne());
    }

    void deleteMatcher(int integrationId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM project__integration_matcher WHERE integration_id = :i AND id = :id")
                .bind("i", integrationId).bind("id", id).execute());
    }

    // ------------------------------------------------------------------ extracted values

    int insertValue(IntegrationExtractValue v) {
        return db.tx(h -> h.createUpdate("INSERT INTO project__integration_extract_value (integration_id, name, value_source,"
                        + " body_data_type, \"key\", variable, variable_type) VALUES (:i, :name, :source, :body, :key, :var, :vt)")
                .bind("i", v.integrationId()).bind("name", v.name()).bind("source", v.valueSource())
                .bind("body", v.bodyDataType()).bind("key", v.key()).bind("var", v.variable()).bind("vt", v.variableType())
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    void updateValue(IntegrationExtractValue v) {
        db.run(h -> h.createUpdate("UPDATE project__integration_extract_value SET name = :name, value_source = :source,"
                        + " body_data_type = :body, \"key\" = :key, variable = :var, variable_type = :vt"
                        + " WHERE integration_id = :i AND id = :id")
                .bind("i", v.integrationId()).bind("id", v.id()).bind("name", v.name()).bind("source", v.valueSource())
                .bind("body", v.bodyDataType()).bind("key", v.key()).bind("var", v.variable()).bind("vt", v.variableType())
                .execute());
    }

    List<IntegrationExtractValue> values(int projectId, int integrationId) {
        return db.read(h -> h.createQuery(VALUE + "WHERE i.project_id = :p AND v.integration_id = :i ORDER BY v.id")
                .bind("p", projectId).bind("i", integrationId).map((rs, ctx) -> value(rs)).list());
    }

    Optional<IntegrationExtractValue> value(int projectId, int integrationId, int id) {
        return db.read(h -> h.createQuery(VALUE + "WHERE i.project_id = :p AND v.integration_id = :i AND v.id = :id")
                .bind("p", projectId).bind("i", integrationId).bind("id", id).map((rs, ctx) -> value(rs)).findOne());
    }

    void deleteValue(int integrationId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM project__integration_extract_value WHERE integration_id = :i AND id = :id")
                .bind("i", integrationId).bind("id", id).execute());
    }

    // ------------------------------------------------------------------ aliases

    int insertAlias(int projectId, Integer integrationId, String alias) {
        return db.tx(h -> h.createUpdate("INSERT INTO project__integration_alias (alias, project_id, integration_id)"
                        + " VALUES (:a, :p, :i)")
                .bind("a", alias).bind("p", projectId).bind("i", integrationId)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** The project-wide aliases when {@code integrationId} is null, else the integration's. */
    List<AliasRow> aliases(int projectId, Integer integrationId) {
        return db.read(h -> h.createQuery("SELECT id, alias, project_id, integration_id FROM project__integration_alias"
                        + " WHERE project_id = :p AND " + (integrationId == null ? "integration_id IS NULL" : "integration_id = :i")
                        + " ORDER BY id")
                .bind("p", projectId).bind("i", integrationId).map((rs, ctx) -> alias(rs)).list());
    }

    Optional<AliasRow> alias(String alias) {
        return db.read(h -> h.createQuery("SELECT id, alias, project_id, integration_id FROM project__integration_alias"
                        + " WHERE alias = :a")
                .bind("a", alias).map((rs, ctx) -> alias(rs)).findOne());
    }

    /** False when no such alias of the project (and integration, or project-wide when null) exists. */
    boolean deleteAlias(int projectId, Integer integrationId, int id) {
        return db.tx(h -> h.createUpdate("DELETE FROM project__integration_alias WHERE project_id = :p AND id = :id AND "
                        + (integrationId == null ? "integration_id IS NULL" : "integration_id = :i"))
                .bind("p", projectId).bind("id", id).bind("i", integrationId).execute() == 1);
    }

    // ------------------------------------------------------------------ rows

    private static Integration integration(ResultSet rs) throws SQLException {
        return new Integration(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                rs.getString(5) == null ? "" : rs.getString(5), Columns.intOrNull(rs, 6),
                rs.getString(7) == null ? "" : rs.getString(7), rs.getBoolean(8), json(rs.getString(9)));
    }

    private static IntegrationMatcher matcher(ResultSet rs) throws SQLException {
        return new IntegrationMatcher(rs.getInt(1), rs.getInt(2), rs.getString(3), orEmpty(rs.getString(4)),
                orEmpty(rs.getString(5)), orEmpty(rs.getString(6)), orEmpty(rs.getString(7)), orEmpty(rs.getString(8)));
    }

    private static IntegrationExtractValue value(ResultSet rs) throws SQLException {
        return new IntegrationExtractValue(rs.getInt(1), rs.getInt(2), rs.getString(3), orEmpty(rs.getString(4)),
                orEmpty(rs.getString(5)), orEmpty(rs.getString(6)), orEmpty(rs.getString(7)), orEmpty(rs.getString(8)));
    }

    private static AliasRow alias(ResultSet rs) throws SQLException {
        return new AliasRow(rs.getInt(1), rs.getString(2), rs.getInt(3), Columns.intOrNull(rs, 4));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null; // written by us as JSON; a hand-edited row that is not JSON counts as no parameters
        }
    }
}
