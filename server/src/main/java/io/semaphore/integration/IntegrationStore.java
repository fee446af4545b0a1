package io.semaphore.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.statement.Update;

/**
 * Tables {@code project__integration}, {@code project__integration_matcher}, {@code project__integration_extract_value}
 * and {@code project__integration_alias}. Every query is scoped to a project (matchers and values through their
 * integration), so an id of another project names nothing.
 */
final class IntegrationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTEGRATION = "SELECT id, name, project_id, template_id, auth_method, auth_secret_id,"
            + " auth_header, searchable, task_params FROM project__integration ";

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

    // ------------------------------------------------------------------ matchers and extracted values

    /**
     * The table of one kind of {@link IntegrationPart}: besides id, integration_id and name, five text columns,
     * the record's values for them (in that order) and the record a row makes.
     */
    record PartTable<T extends IntegrationPart>(String table, List<String> columns, Function<T, List<String>> values,
                                               PartRow<T> row) {
        private String select() {
            return "SELECT x.id, x.integration_id, x.name, "
                    + columns.stream().map(c -> "x." + c).collect(Collectors.joining(", "))
                    + " FROM " + table + " x JOIN project__integration i ON i.id = x.integration_id ";
        }
    }

    /** Makes a record of one kind from a row's id, integration id, name and five text columns. */
    interface PartRow<T> {
        T of(int id, int integrationId, String name, List<String> columns);
    }

    static final PartTable<IntegrationMatcher> MATCHERS = new PartTable<>("project__integration_matcher",
            List.of("match_type", "method", "body_data_type", "\"key\"", "\"value\""),
            m -> Arrays.asList(m.matchType(), m.method(), m.bodyDataType(), m.key(), m.value()),
            (id, integrationId, name, c) -> new IntegrationMatcher(id, integrationId, name, c.get(0), c.get(1), c.get(2),
                    c.get(3), c.get(4)));

    static final PartTable<IntegrationExtractValue> VALUES = new PartTable<>("project__integration_extract_value",
            List.of("value_source", "body_data_type", "\"key\"", "variable", "variable_type"),
            v -> Arrays.asList(v.valueSource(), v.bodyDataType(), v.key(), v.variable(), v.variableType()),
            (id, integrationId, name, c) -> new IntegrationExtractValue(id, integrationId, name, c.get(0), c.get(1),
                    c.get(2), c.get(3), c.get(4)));

    <T extends IntegrationPart> int insertPart(PartTable<T> t, T part) {
        String names = String.join(", ", t.columns());
        String params = IntStream.range(0, t.columns().size()).mapToObj(k -> ":c" + k).collect(Collectors.joining(", "));
        return db.tx(h -> bindColumns(h.createUpdate("INSERT INTO " + t.table() + " (integration_id, name, " + names
                        + ") VALUES (:i, :name, " + params + ")"), t, part)
                .bind("i", part.integrationId()).bind("name", part.name())
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    <T extends IntegrationPart> void updatePart(PartTable<T> t, T part) {
        String sets = IntStream.range(0, t.columns().size()).mapToObj(k -> t.columns().get(k) + " = :c" + k)
                .collect(Collectors.joining(", "));
        db.run(h -> bindColumns(h.createUpdate("UPDATE " + t.table() + " SET name = :name, " + sets
                        + " WHERE integration_id = :i AND id = :id"), t, part)
                .bind("i", part.integrationId()).bind("id", part.id()).bind("name", part.name())
                .execute());
    }

    <T extends IntegrationPart> List<T> parts(PartTable<T> t, int projectId, int integrationId) {
        return db.read(h -> h.createQuery(t.select() + "WHERE i.project_id = :p AND x.integration_id = :i ORDER BY x.id")
                .bind("p", projectId).bind("i", integrationId).map((rs, ctx) -> part(t, rs)).list());
    }

    <T extends IntegrationPart> Optional<T> part(PartTable<T> t, int projectId, int integrationId, int id) {
        return db.read(h -> h.createQuery(t.select() + "WHERE i.project_id = :p AND x.integration_id = :i AND x.id = :id")
                .bind("p", projectId).bind("i", integrationId).bind("id", id).map((rs, ctx) -> part(t, rs)).findOne());
    }

    void deletePart(PartTable<?> t, int integrationId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM " + t.table() + " WHERE integration_id = :i AND id = :id")
                .bind("i", integrationId).bind("id", id).execute());
    }

    private static <T extends IntegrationPart> Update bindColumns(Update u, PartTable<T> t, T part) {
        List<String> values = t.values().apply(part);
        for (int k = 0; k < values.size(); k++) {
            u.bind("c" + k, values.get(k));
        }
        return u;
    }

    private static <T extends IntegrationPart> T part(PartTable<T> t, ResultSet rs) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < t.columns().size(); k++) {
            columns.add(orEmpty(rs.getString(4 + k)));
        }
        return t.row().of(rs.getInt(1), rs.getInt(2), rs.getString(3), columns);
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
