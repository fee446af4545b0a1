package io.semaphore.task;

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
            LogWriter logs = new LogWriter(new TaskOutputStore(db), hub);
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
            logs.flush(task);
            assertThat(new TaskOutputStore(db).count(task)).isEqualTo(total);
            assertThat(logs.read(task, total - 2, 10)).extracting(TaskOutput::output).containsExactly("line 19999", "line 20000");
            logs.close();
        }
    }
}
