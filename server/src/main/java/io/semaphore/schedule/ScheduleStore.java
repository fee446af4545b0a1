package io.semaphore.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table {@code project__schedule}. Reads are scoped to a project, except the due list every node polls. */
final class ScheduleStore {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "SELECT s.id, s.project_id, s.template_id, s.cron_format, s.name, s.active,"
            + " s.type, s.delete_after_run, s.repository_id, s.run_at, s.task_params, s.next_due, s.last_fired,"
            + " s.last_missed, s.missed_count, tpl.name AS tpl_name"
            + " FROM project__schedule s JOIN project__template tpl ON tpl.id = s.template_id ";

    private final Database db;

    ScheduleStore(Database db) {
        this.db = db;
    }

    int insert(Schedule s, Instant created) {
        return db.tx(h -> h.createUpdate("INSERT INTO project__schedule (project_id, template_id, cron_format, name,"
                        + " active, type, delete_after_run, run_at, task_params, next_due, created)"
                        + " VALUES (:p, :tpl, :cron, :name, :active, :type, :dar, :runAt, :params, :next, :created)")
                .bind("p", s.projectId()).bind("tpl", s.templateId()).bind("cron", s.cronFormat())
                .bind("name", s.name()).bind("active", s.active()).bind("type", s.type())
                .bind("dar", s.deleteAfterRun()).bind("runAt", s.runAt()).bind("params", text(s.taskParams()))
                .bind("next", s.nextRunAt()).bind("created", created)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** Changes what a person set; the firing state is only replaced by {@code nextDue}. */
    void update(Schedule s) {
        db.run(h -> h.createUpdate("UPDATE project__schedule SET template_id = :tpl, cron_format = :cron, name = :name,"
                        + " active = :active, type = :type, delete_after_run = :dar, run_at = :runAt,"
                        + " task_params = :params, next_due = :next WHERE project_id = :p AND id = :id")
                .bind("p", s.projectId()).bind("id", s.id()).bind("tpl", s.templateId()).bind("cron", s.cronFormat())
                .bind("name", s.name()).bind("active", s.active()).bind("type", s.type())
                .bind("dar", s.deleteAfterRun()).bind("runAt", s.runAt()).bind("params", text(s.taskParams()))
                .bind("next", s.nextRunAt()).execute());
    }

    void setActive(int projectId, int id, boolean active, Instant nextDue) {
        db.run(h -> h.createUpdate("UPDATE project__schedule SET active = :a, next_due = :next"
                        + " WHERE project_id = :p AND id = :id")
                .bind("a", active).bind("next", nextDue).bind("p", projectId).bind("id", id).execute());
    }

    List<Schedule> list(int projectId, Integer templateId) {
        String where = "WHERE s.project_id = :p" + (templateId == null ? "" : " AND s.template_id = :t");
        return db.read(h -> h.createQuery(SELECT + where + " ORDER BY s.id").bind("p", projectId).bind("t", templateId)
                .map((rs, ctx) -> map(rs)).list());
    }

    Optional<Schedule> find(int projectId, int id) {
        return db.read(h -> h.createQuery(SELECT + "WHERE s.project_id = :p AND s.id = :id")
                .bind("p", projectId).bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    void delete(int projectId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM project__schedule WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).execute());
    }

    /** Active schedules whose due time has come, oldest due first (every node polls this). */
    List<Schedule> due(Instant now, int limit) {
        return db.read(h -> h.createQuery(SELECT + "WHERE s.active = :t AND s.next_due IS NOT NULL AND s.next_due <= :now"
                        + " ORDER BY s.next_due, s.id LIMIT :limit")
                .bind("t", true).bind("now", now).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    /**
     * Active schedules without a due time: made by a restore or before this version; the poller sets them. (A
     * one-time schedule that ran or was missed has none either, and gets none.)
     */
    List<Schedule> activeWithoutDue(Instant now) {
        return db.read(h -> h.createQuery(SELECT + "WHERE s.active = :t AND s.next_due IS NULL AND (s.type = ''"
                        + " OR (s.run_at > :now AND s.last_fired IS NULL AND s.last_missed IS NULL))")
                .bind("t", true).bind("now", now).map((rs, ctx) -> map(rs)).list());
    }

    /**
     * The claim of one due time: moves {@code next_due} from {@code due} to {@code next} and records {@code due} as
     * fired, or (when {@code lastMissed} is set) {@code missed} due times up to {@code lastMissed} as skipped; only
     * if no one did so first. True for the one caller that did it.
     */
    boolean claim(int id, Instant due, Instant next, Instant lastMissed, int missed) {
        String set = lastMissed == null ? "last_fired = :due" : "last_missed = :lastMissed, missed_count = missed_count + :n";
        return db.tx(h -> h.createUpdate("UPDATE project__schedule SET next_due = :next, " + set
                        + " WHERE id = :id AND active = :t AND next_due = :due")
                .bind("next", next).bind("due", due).bind("lastMissed", lastMissed).bind("n", missed)
                .bind("id", id).bind("t", true).execute() == 1);
    }

    /** Sets a due time where there was none (compare-and-set as well, so nodes agree). */
    void setDueIfUnset(int id, Instant next) {
        db.run(h -> h.createUpdate("UPDATE project__schedule SET next_due = :next WHERE id = :id AND next_due IS NULL")
                .bind("next", next).bind("id", id).execute());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.toString();
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        JsonNode params = null;
        String raw = rs.getString("task_params");
        if (raw != null && !raw.isBlank()) {
            try {
                params = JSON.readTree(raw);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                params = null; // stored by someone else and unreadable: shown as none
            }
        }
        return new Schedule(rs.getInt("id"), rs.getInt("project_id"), rs.getInt("template_id"),
                rs.getString("cron_format"), rs.getString("name"), rs.getBoolean("active"),
                rs.getString("type") == null ? "" : rs.getString("type"), rs.getBoolean("delete_after_run"),
                Columns.intOrNull(rs, "repository_id"), instant(rs, "run_at"),
                params == null ? JSON.createObjectNode() : params, instant(rs, "next_due"), instant(rs, "last_fired"),
                instant(rs, "last_missed"), rs.getInt("missed_count"), rs.getString("tpl_name"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Columns.instant(rs, rs.findColumn(column));
    }
}
