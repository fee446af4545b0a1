package io.semaphore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semaphore.db.Database;
import io.semaphore.db.Migrator;
import io.semaphore.event.EventStore;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention on each database: what is deleted, in how many batches, the event, and what stays. */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskPrunerTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void deletesOldFinishedTasks_inBatches_withOneEvent_andNothingElse() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir); Database db = tdb.open()) {
            SqliteSpace.prepareNew(db);
            Migrator.migrate(db);
            long first = db.tx(h -> TestRows.insertTask(h, NOW.minus(Duration.ofDays(400)))); // running, very old
            int[] tpl = db.read(h -> h.createQuery("SELECT template_id, project_id FROM task WHERE id = :id")
                    .bind("id", first).map((rs, c) -> new int[] {rs.getInt(1), rs.getInt(2)}).one());
            Instant old = NOW.minus(Duration.ofDays(40));
            Instant recent = NOW.minus(Duration.ofDays(5));
            List<String> finished = List.of("success", "error", "stopped", "rejected");
            db.run(h -> {
                for (int i = 0; i < 25; i++) {
                    insert(h, tpl, finished.get(i % 4), old, old.plusSeconds(60), 10, 20);
                }
                for (int i = 0; i < 3; i++) {
                    insert(h, tpl, "success", recent, recent.plusSeconds(60), 10, 20);
                }
                insert(h, tpl, "waiting", old, null, 0, 20);
                insert(h, tpl, "running", old, null, 10, 20);
                // finished long ago but with no end recorded: its creation counts
                insert(h, tpl, "error", old, null, 10, 20);
            });
            long templatesBefore = count(db, "SELECT COUNT(*) FROM project__template");

            TaskPruner.Result r = new TaskPruner(db, new EventStore(db, CLOCK), CLOCK)
                    .prune(Duration.ofDays(30), 10, Duration.ZERO);

            assertThat(r.tasks()).isEqualTo(26);
            assertThat(r.lines()).isEqualTo(260);
            assertThat(r.batches()).isEqualTo(3);
            assertThat(count(db, "SELECT COUNT(*) FROM task")).isEqualTo(1 + 3 + 2);
            assertThat(count(db, "SELECT COUNT(*) FROM task WHERE status IN ('waiting', 'running')")).isEqualTo(3);
            assertThat(count(db, "SELECT COUNT(*) FROM task WHERE status = 'success'")).isEqualTo(3);
            assertThat(count(db, "SELECT COUNT(*) FROM task__output")).isEqualTo(3 * 10 + 10);
            assertThat(count(db, "SELECT COUNT(*) FROM task__output o WHERE NOT EXISTS"
                    + " (SELECT 1 FROM task t WHERE t.id = o.task_id)")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM project__template")).isEqualTo(templatesBefore);
            List<String> events = db.read(h -> h.createQuery("SELECT description FROM event").mapTo(String.class).list());
            assertThat(events).hasSize(1);
            assertThat(events.getFirst()).startsWith("Retention deleted 26 task(s)").contains("30 day(s)")
                    .contains("260 output line(s)");

            TaskPruner.Result again = new TaskPruner(db, new EventStore(db, CLOCK), CLOCK)
                    .prune(Duration.ofDays(30), 10, Duration.ZERO);
            assertThat(again.tasks()).isZero();
            assertThat(again.batches()).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM event")).isEqualTo(1); // nothing deleted: no event
        }
    }

    @Test
    void sqliteFile_shrinksBack_afterPruning() {
        assumeTrue(kind == DbKind.SQLITE, "server databases manage their own space");
        try (TestDatabase tdb = TestDatabase.create(kind, dir); Database db = tdb.open()) {
            SqliteSpace.prepareNew(db);
            Migrator.migrate(db);
            assertThat(SqliteSpace.autoVacuum(db)).isEqualTo(2);
            fillAndCheckShrink(db);
        }
    }

    @Test
    void anOlderSqliteFile_isConvertedOnce_andShrinks() {
        assumeTrue(kind == DbKind.SQLITE, "server databases manage their own space");
        try (TestDatabase tdb = TestDatabase.create(kind, dir); Database db = tdb.open()) {
            Migrator.migrate(db); // as a database made before retention existed
            assertThat(SqliteSpace.autoVacuum(db)).isZero();
            fillAndCheckShrink(db);
            assertThat(SqliteSpace.autoVacuum(db)).isEqualTo(2);
        }
    }

    private void fillAndCheckShrink(Database db) {
        long first = db.tx(h -> TestRows.insertTask(h, NOW));
        int[] tpl = db.read(h -> h.createQuery("SELECT template_id, project_id FROM task WHERE id = :id")
                .bind("id", first).map((rs, c) -> new int[] {rs.getInt(1), rs.getInt(2)}).one());
        Instant old = NOW.minus(Duration.ofDays(60));
        db.run(h -> {
            for (int i = 0; i < 500; i++) {
                insert(h, tpl, "success", old, old.plusSeconds(5), 10, 1000);
            }
        });
        db.read(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list());
        long full = SqliteSpace.fileBytes(db);
        assertThat(full).isGreaterThan(5_000_000L);
        TaskPruner.Result r = new TaskPruner(db, new EventStore(db, CLOCK), CLOCK).prune(Duration.ofDays(30), 100, Duration.ZERO);
        assertThat(r.tasks()).isEqualTo(500);
        assertThat(r.fileBytesAfter()).as("file bytes before %d, after %d", full, r.fileBytesAfter())
                .isLessThan(full / 5);
        assertThat(count(db, "SELECT COUNT(*) FROM task")).isEqualTo(1);
    }

    static void insert(Handle h, int[] tpl, String status, Instant created, Instant end, int lines, int width) {
        h.createUpdate("INSERT INTO task (template_id, project_id, status, created, start, \"end\")"
                        + " VALUES (:t, :p, :s, :c, :st, :e)")
                .bindMap(new java.util.HashMap<>(Map.of("t", tpl[0], "p", tpl[1], "s", status, "c", created)))
                .bindByType("st", end == null ? null : created, Instant.class).bindByType("e", end, Instant.class).execute();
        long id = h.createQuery("SELECT MAX(id) FROM task").mapTo(Long.class).one();
        if (lines == 0) {
            return;
        }
        PreparedBatch b = h.prepareBatch("INSERT INTO task__output (task_id, line, time, output) VALUES (:id, :n, :t, :o)");
        String text = "x".repeat(width);
        for (int n = 1; n <= lines; n++) {
            b.bind("id", id).bind("n", n).bind("t", created.truncatedTo(ChronoUnit.MILLIS)).bind("o", text).add();
        }
        b.execute();
    }

    static long count(Database db, String sql) {
        return db.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
