package io.semaphore.task.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.db.Database;
import io.semaphore.db.Migrator;
import io.semaphore.event.EventStore;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one owner of status changes: a legal move is stored, recorded and published once; an illegal one is refused
 * with a message naming both statuses, and nothing is written or published.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskLifecycleTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void legalMoves_areStoredAndPublished_illegalOnesRefusedWithoutAWrite() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            Migrator.migrate(db);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long id = db.tx(h -> TestRows.insertTask(h, now)); // a running task
            TaskStore tasks = new TaskStore(db);
            List<Task> published = new ArrayList<>();
            TaskLifecycle lifecycle = new TaskLifecycle(db, tasks, new EventStore(db, Clock.systemUTC()),
                    published::add, Clock.systemUTC());
            Task running = tasks.find(id).orElseThrow();

            Task waiting = lifecycle.awaitConfirmation(running).orElseThrow();
            assertThat(waiting.status()).isEqualTo(TaskStatus.WAITING_CONFIRMATION);
            assertThat(tasks.find(id).orElseThrow().status()).isEqualTo(TaskStatus.WAITING_CONFIRMATION);
            assertThat(published).extracting(Task::status).containsExactly(TaskStatus.WAITING_CONFIRMATION);

            // A finished task never runs again: refused before anything is written or published.
            Task done = lifecycle.finished(waiting, TaskStatus.REJECTED, 0, null, "t");
            assertThat(done.end()).isNotNull();
            assertThatThrownBy(() -> lifecycle.running(done, Instant.now(), null, null))
                    .isInstanceOf(IllegalTaskMove.class)
                    .hasMessage("Task " + id + " cannot go from rejected to running");
            assertThatThrownBy(() -> lifecycle.stopping(tasks.find(id).orElseThrow()))
                    .isInstanceOf(IllegalTaskMove.class);
            assertThat(tasks.find(id).orElseThrow().status()).isEqualTo(TaskStatus.REJECTED);
            assertThat(published).extracting(Task::status)
                    .containsExactly(TaskStatus.WAITING_CONFIRMATION, TaskStatus.REJECTED);
        }
    }

    @Test
    void theTable_followsTheEnginesMoves() {
        assertThat(TaskStatus.WAITING.canMoveTo(TaskStatus.STARTING)).isTrue();
        assertThat(TaskStatus.WAITING.canMoveTo(TaskStatus.RUNNING)).as("only a claim starts a task").isFalse();
        assertThat(TaskStatus.STARTING.canMoveTo(TaskStatus.RUNNING)).isTrue();
        assertThat(TaskStatus.RUNNING.canMoveTo(TaskStatus.CONFIRMED)).as("only a waiting plan is confirmed").isFalse();
        assertThat(TaskStatus.WAITING_CONFIRMATION.canMoveTo(TaskStatus.REJECTED)).isTrue();
        assertThat(TaskStatus.STOPPING.canMoveTo(TaskStatus.STOPPED)).isTrue();
        for (TaskStatus end : List.of(TaskStatus.SUCCESS, TaskStatus.ERROR, TaskStatus.STOPPED)) {
            for (TaskStatus next : TaskStatus.values()) {
                assertThat(end.canMoveTo(next)).as(end + " → " + next).isFalse();
            }
        }
    }

    @Test
    void with_changesOnlyWhatItNames() {
        Task t = new Task(7, 1, 2, TaskStatus.STARTING, true, false, true, "site.yml", "{}", "web", "[]", "main", 3,
                4, null, null, Instant.EPOCH, null, null, "msg", "", "", null, "1.0", "p", "tpl", "", "ansible", "u");
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Task s = t.with(c -> c.status(TaskStatus.RUNNING).start(at).commit("abc", "subject").logLostLines(5).id(8)
                .stoppedBy(9, "Alice"));
        assertThat(s).isEqualTo(new Task(8, 1, 2, TaskStatus.RUNNING, true, false, true, "site.yml", "{}", "web", "[]",
                "main", 3, 4, null, null, Instant.EPOCH, at, null, "msg", "abc", "subject", null, "1.0", "p", "tpl", "",
                "ansible", "u", 5, 9, "Alice"));
        assertThat(t.with(c -> c)).isEqualTo(t);
    }
}
