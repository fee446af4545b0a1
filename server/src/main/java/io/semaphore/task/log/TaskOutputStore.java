package io.semaphore.task.log;

import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import io.semaphore.db.Dialect;
import java.time.Instant;
import java.util.List;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Table {@code task__output}: one row per line, numbered per task from 1, read back in that order. */
public final class TaskOutputStore {
    /** A line waiting to be stored. */
    public record Line(long taskId, long number, Instant time, String text) {}

    private final Database db;

    public TaskOutputStore(Database db) {
        this.db = db;
    }

    /**
     * Inserts many lines (of any tasks) in one transaction with one batched statement. This is the hot path of a
     * busy log, so it binds through plain JDBC rather than Jdbi's named parameters (several times cheaper per row).
     */
    public void append(List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Dialect dialect = db.dialect();
        db.run(h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement(
                    "INSERT INTO task__output (task_id, line, time, output) VALUES (?, ?, ?, ?)")) {
                for (Line l : lines) {
                    ps.setLong(1, l.taskId());
                    ps.setLong(2, l.number());
                    dialect.bindTime(ps, 3, l.time());
                    ps.setString(4, l.text());
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    /** Lines {@code offset+1 .. offset+limit} in order ({@code limit <= 0}: all). */
    public List<TaskOutput> read(long taskId, long offset, int limit) {
        String page = limit > 0 ? " AND line <= :to" : "";
        return db.read(h -> h.createQuery("SELECT task_id, time, output FROM task__output WHERE task_id = :t AND line > :from"
                        + page + " ORDER BY line")
                .bind("t", taskId).bind("from", offset).bind("to", offset + limit)
                .map((rs, ctx) -> new TaskOutput(rs.getLong(1), "", Columns.instant(rs, 2), rs.getString(3)))
                .list());
    }

    /** Up to {@code limit} lines after line {@code afterLine}, with their numbers, in order. */
    public List<Line> after(long taskId, long afterLine, int limit) {
        return db.read(h -> h.createQuery("SELECT line, time, output FROM task__output WHERE task_id = :t AND line > :from"
                        + " ORDER BY line LIMIT :limit")
                .bind("t", taskId).bind("from", afterLine).bind("limit", limit)
                .map((rs, ctx) -> new Line(taskId, rs.getLong(1), Columns.instant(rs, 2), rs.getString(3)))
                .list());
    }

    public long count(long taskId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM task__output WHERE task_id = :t").bind("t", taskId)
                .mapTo(Long.class).one());
    }

    /** The highest line number stored for a task (0 when none): where numbering continues after a restart. */
    public long lastLine(long taskId) {
        return db.read(h -> h.createQuery("SELECT COALESCE(MAX(line), 0) FROM task__output WHERE task_id = :t").bind("t", taskId)
                .mapTo(Long.class).one());
    }
}
