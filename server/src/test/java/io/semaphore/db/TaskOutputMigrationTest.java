package io.semaphore.db;

import io.semaphore.task.log.TaskOutput;
import io.semaphore.task.log.TaskOutputStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V2 re-keys task output by (task_id, line). A database written by V1 must keep every line, in order, and then
 * refuse a second copy of a line (the new primary key) while taking new lines as before.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskOutputMigrationTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void v1Output_survivesTheUpgrade_inOrder() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            Flyway.configure().dataSource(db.dataSource())
                    .locations("classpath:db/migration/" + db.dialect().migrationFolder())
                    .target("1").load().migrate();
            Instant now = Instant.parse("2026-01-02T03:04:05Z");
            long task = db.tx(h -> {
                long id = TestRows.insertTask(h, now);
                for (int line = 1; line <= 300; line++) { // V1 rows, with V1's own id column filled by the database
                    h.createUpdate("INSERT INTO task__output (task_id, line, time, output) VALUES (:t, :l, :c, :o)")
                            .bind("t", id).bind("l", line).bind("c", now.plusMillis(line)).bind("o", "old " + line).execute();
                }
                return id;
            });

            assertThat(Migrator.migrate(db)).as("migrations applied after V1").isPositive();

            TaskOutputStore output = new TaskOutputStore(db);
            List<TaskOutput> old = output.read(task, 0, 0);
            assertThat(old).hasSize(300);
            assertThat(old.getFirst().output()).isEqualTo("old 1");
            assertThat(old.getLast().output()).isEqualTo("old 300");
            assertThat(old.get(41).time()).isEqualTo(now.plusMillis(42));
            assertThat(output.lastLine(task)).isEqualTo(300);

            output.append(List.of(new TaskOutputStore.Line(task, 301, Instant.now(), "new 301")));
            assertThat(output.read(task, 299, 5)).extracting(TaskOutput::output).containsExactly("old 300", "new 301");
            assertThatThrownBy(() -> output.append(List.of(new TaskOutputStore.Line(task, 301, Instant.now(), "twice"))))
                    .as("(task_id, line) is the key now").isInstanceOf(RuntimeException.class);
        }
    }
}
