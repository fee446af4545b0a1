package io.semaphore.task.log;

import io.semaphore.task.state.Task;
import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.config.DbConfig;
import io.semaphore.db.Database;
import io.semaphore.db.Dialect;
import io.semaphore.db.Migrator;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A line published live must already be readable through the output API, stored or not. */
class LogWriterTest {
    @TempDir
    Path dir;

    @Test
    void everyLinePublishedLive_isReadableAtThatMoment_andPagesStayInOrder() throws Exception {
        try (Database db = Database.open(Dialect.of("sqlite"), new DbConfig(dir.resolve("t.sqlite").toString(), "", "", "", Map.of()))) {
            Migrator.migrate(db);
            long task = db.tx(h -> TestRows.insertTask(h, Instant.now()));
            LogHub hub = new LogHub();
            LogWriter logs = new LogWriter(new TaskOutputStore(db), hub, 0);
            List<String> problems = new CopyOnWriteArrayList<>();
            Pattern number = Pattern.compile("\"line\":(\\d+)");
            hub.add(new TestViewer(json -> {
                Matcher m = number.matcher(json);
                if (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    List<TaskOutput> got = logs.read(task, n - 1, 1);
                    if (got.size() != 1 || !got.getFirst().output().equals("line " + n)) {
                        problems.add("line " + n + " published but read gave " + got);
                    }
                }
            }));
            int total = 20_000;
            for (int i = 1; i <= total; i++) {
                logs.append(task, 1, Instant.now(), "line " + i);
            }
            assertThat(problems).isEmpty();
            assertThat(logs.read(task, 0, 0)).hasSize(total);
            List<TaskOutput> page = logs.read(task, 12_345, 100);
            assertThat(page).extracting(TaskOutput::output).startsWith("line 12346").endsWith("line 12445").hasSize(100);
            assertThat(logs.finish(task, 1, Instant.now())).isEqualTo(new LogWriter.Outcome(0, 0));
            assertThat(new TaskOutputStore(db).count(task)).isEqualTo(total);
            assertThat(logs.read(task, total - 2, 10)).extracting(TaskOutput::output).containsExactly("line 19999", "line 20000");
            logs.close();
        }
    }

    /** Past the cap lines are counted, not stored or published; the engine's own lines still are. */
    @Test
    void overTheCap_linesAreCounted_notStored_andTheLogSaysHowMany() throws Exception {
        try (Database db = Database.open(Dialect.of("sqlite"), new DbConfig(dir.resolve("c.sqlite").toString(), "", "", "", Map.of()))) {
            Migrator.migrate(db);
            long task = db.tx(h -> TestRows.insertTask(h, Instant.now()));
            LogHub hub = new LogHub();
            List<String> published = new CopyOnWriteArrayList<>();
            hub.add(new TestViewer(published::add));
            LogWriter logs = new LogWriter(new TaskOutputStore(db), hub, 1024 * 1024);
            String kilo = "k".repeat(1000);
            for (int i = 0; i < 1100; i++) {
                logs.append(task, 1, Instant.now(), kilo);
            }
            logs.note(task, 1, Instant.now(), "Task finished");

            LogWriter.Outcome outcome = logs.finish(task, 1, Instant.now());

            List<String> stored = logs.read(task, 0, 0).stream().map(TaskOutput::output).toList();
            assertThat(outcome).isEqualTo(new LogWriter.Outcome(0, 1100 - 1048));
            assertThat(stored.stream().filter(kilo::equals)).hasSize(1048); // 1,048,000 characters of 1,048,576
            assertThat(stored.subList(1048, stored.size())).containsExactly(
                    "Output limit of 1 MB reached: further output of this task is not stored (the task goes on)",
                    "Task finished",
                    "Output limit of 1 MB reached: 52 further lines were not stored");
            assertThat(published).hasSize(stored.size());
            logs.close();
        }
    }
}
