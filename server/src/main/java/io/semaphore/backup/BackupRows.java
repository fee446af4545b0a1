package io.semaphore.backup;

import io.semaphore.db.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Schedules and integrations in and out of backups. Their APIs come with a later issue; until then this is the one
 * place that reads and writes their rows, so a restored Semaphore backup loses none of them.
 */
final class BackupRows {
    private final Database db;

    BackupRows(Database db) {
        this.db = db;
    }

    List<BackupFormat.Schedule> schedules(int projectId, Map<Integer, String> templateNames) {
        return db.read(h -> h.createQuery("SELECT template_id, cron_format, name, active, type, run_at, delete_after_run"
                        + " FROM project__schedule WHERE project_id = :p ORDER BY id").bind("p", projectId)
                .map((rs, ctx) -> new BackupFormat.Schedule(rs.getString("name"), rs.getString("cron_format"),
                        rs.getBoolean("active"), templateNames.get(rs.getInt("template_id")),
                        rs.getString("type") == null ? "" : rs.getString("type"),
                        io.semaphore.db.Columns.instant(rs, rs.findColumn("run_at")), rs.getBoolean("delete_after_run")))
                .list());
    }

    void insertSchedule(int projectId, int templateId, BackupFormat.Schedule s) {
        // The next due time is set by the schedule poller (ScheduleFiring) within a second.
        db.run(h -> h.createUpdate("INSERT INTO project__schedule (project_id, template_id, cron_format, name, active,"
                        + " type, run_at, delete_after_run) VALUES (:p, :t, :c, :n, :a, :type, :runAt, :dar)")
                .bind("type", s.oneTime() ? "run_at" : "").bind("runAt", s.oneTime() ? s.runAt() : null)
                .bind("dar", Boolean.TRUE.equals(s.deleteAfterRun()))
                .bind("p", projectId).bind("t", templateId).bind("c", s.oneTime() ? "" : s.cronFormat())
                .bind("n", s.name() == null ? "" : s.name()).bind("a", s.active() == null || s.active()).execute());
    }

    List<BackupFormat.Integration> integrations(int projectId, Map<Integer, String> templateNames, Map<Integer, String> keyNames) {
        return db.read(h -> {
            List<BackupFormat.Integration> out = new ArrayList<>();
            h.createQuery("SELECT id, name, template_id, auth_method, auth_secret_id, auth_header, searchable"
                            + " FROM project__integration WHERE project_id = :p ORDER BY id").bind("p", projectId)
                    .map((rs, ctx) -> {
                        int id = rs.getInt("id");
                        int secret = rs.getInt("auth_secret_id");
                        String secretName = rs.wasNull() ? null : keyNames.get(secret);
                        return new Object[] {id, rs.getString("name"), templateNames.get(rs.getInt("template_id")),
                                rs.getString("auth_method"), secretName, rs.getString("auth_header"), rs.getBoolean("searchable")};
                    }).list()
                    .forEach(r -> out.add(new BackupFormat.Integration((String) r[1], (String) r[2], (String) r[3],
                            (String) r[4], (String) r[5], (Boolean) r[6], aliases(h, (int) r[0]), matchers(h, (int) r[0]),
                            values(h, (int) r[0]))));
            return out;
        });
    }

    List<String> projectAliases(int projectId) {
        return db.read(h -> h.createQuery("SELECT alias FROM project__integration_alias WHERE project_id = :p"
                + " AND integration_id IS NULL ORDER BY id").bind("p", projectId).mapTo(String.class).list());
    }

    void insertIntegration(int projectId, int templateId, Integer authSecretId, BackupFormat.Integration i) {
        db.run(h -> {
            int id = h.createUpdate("INSERT INTO project__integration (project_id, name, template_id, auth_method,"
                            + " auth_secret_id, auth_header, searchable) VALUES (:p, :n, :t, :m, :s, :hd, :sr)")
                    .bind("p", projectId).bind("n", i.name()).bind("t", templateId)
                    .bind("m", i.authMethod() == null ? "" : i.authMethod()).bind("s", authSecretId)
                    .bind("hd", i.authHeader()).bind("sr", Boolean.TRUE.equals(i.searchable()))
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            for (BackupFormat.Matcher m : BackupFormat.orEmpty(i.matchers())) {
                h.createUpdate("INSERT INTO project__integration_matcher (integration_id, name, match_type, method,"
                                + " body_data_type, \"key\", \"value\") VALUES (:i, :n, :mt, :me, :b, :k, :v)")
                        .bind("i", id).bind("n", m.name() == null ? "" : m.name()).bind("mt", m.matchType())
                        .bind("me", m.method()).bind("b", m.bodyDataType()).bind("k", m.key()).bind("v", m.value()).execute();
            }
            for (BackupFormat.ExtractValue v : BackupFormat.orEmpty(i.extractValues())) {
                h.createUpdate("INSERT INTO project__integration_extract_value (integration_id, name, value_source,"
                                + " body_data_type, \"key\", variable) VALUES (:i, :n, :s, :b, :k, :v)")
                        .bind("i", id).bind("n", v.name() == null ? "" : v.name()).bind("s", v.valueSource())
                        .bind("b", v.bodyDataType()).bind("k", v.key()).bind("v", v.variable()).execute();
            }
            for (String alias : BackupFormat.orEmpty(i.aliases())) {
                insertAlias(h, projectId, id, alias);
            }
        });
    }

    void insertProjectAlias(int projectId, String alias) {
        db.run(h -> insertAlias(h, projectId, null, alias));
    }

    private static void insertAlias(Handle h, int projectId, Integer integrationId, String alias) {
        h.createUpdate("INSERT INTO project__integration_alias (alias, project_id, integration_id) VALUES (:a, :p, :i)")
                .bind("a", alias).bind("p", projectId).bind("i", integrationId).execute();
    }

    private static List<String> aliases(Handle h, int integrationId) {
        return h.createQuery("SELECT alias FROM project__integration_alias WHERE integration_id = :i ORDER BY id")
                .bind("i", integrationId).mapTo(String.class).list();
    }

    private static List<BackupFormat.Matcher> matchers(Handle h, int integrationId) {
        return h.createQuery("SELECT name, match_type, method, body_data_type, \"key\", \"value\" FROM project__integration_matcher"
                        + " WHERE integration_id = :i ORDER BY id").bind("i", integrationId)
                .map((rs, ctx) -> new BackupFormat.Matcher(rs.getString("name"), rs.getString("match_type"),
                        rs.getString("method"), rs.getString("body_data_type"), rs.getString("key"), rs.getString("value")))
                .list();
    }

    private static List<BackupFormat.ExtractValue> values(Handle h, int integrationId) {
        return h.createQuery("SELECT name, value_source, body_data_type, \"key\", variable FROM project__integration_extract_value"
                        + " WHERE integration_id = :i ORDER BY id").bind("i", integrationId)
                .map((rs, ctx) -> new BackupFormat.ExtractValue(rs.getString("name"), rs.getString("value_source"),
                        rs.getString("body_data_type"), rs.getString("key"), rs.getString("variable")))
                .list();
    }
}
