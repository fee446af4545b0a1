package io.semaphore.task.log;

import io.semaphore.task.state.TaskStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.json.Json;
import io.semaphore.db.Database;
import io.semaphore.db.Migrator;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What this node's browsers are told about tasks another node runs, one look at a time: new lines once, status
 * changes once, and a task that waited, was then claimed and finished between two looks (after newer ones).
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class RemoteTaskFeedTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    final List<JsonNode> sent = new CopyOnWriteArrayList<>();

    /** A hub with one viewer, which collects what it is sent in {@link #sent}. */
    LogHub watchedHub() {
        LogHub hub = new LogHub();
        hub.add(new TestViewer(json -> {
            try {
                sent.add(Json.MAPPER.readTree(json));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        return hub;
    }

    @Test
    void linesAndStatusesOfOtherNodesTasks_arePublishedOnce_includingOneClaimedOutOfOrder() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            Migrator.migrate(db);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long old = db.tx(h -> TestRows.insertTask(h, now)); // finished before anyone watched
            db.run(h -> h.execute("UPDATE task SET status = 'success', node_id = 'other' WHERE id = " + old));
            TaskStore tasks = new TaskStore(db);
            TaskOutputStore output = new TaskOutputStore(db);
            LogHub hub = watchedHub();
            RemoteTaskFeed feed = new RemoteTaskFeed(tasks, output, hub, () -> "this-node");
            feed.tick();
            assertThat(sent).as("a task finished before anyone watched").isEmpty();

            long waiting = insertLike(db, old, "waiting", null);
            long running = insertLike(db, old, "running", "other");
            long mine = insertLike(db, old, "running", "this-node");
            output.append(List.of(line(running, 1, "r1"), line(running, 2, "r2"), line(mine, 1, "m1")));
            feed.tick();
            assertThat(published()).containsExactly("log " + running + " r1", "log " + running + " r2",
                    "update " + running + " running");

            // Between two looks: the running one ends; the waiting one is claimed by the other node and ends too.
            output.append(List.of(line(running, 3, "r3"), line(waiting, 1, "w1")));
            db.run(h -> h.execute("UPDATE task SET status = 'success' WHERE id = " + running));
            db.run(h -> h.execute("UPDATE task SET status = 'error', node_id = 'other' WHERE id = " + waiting));
            sent.clear();
            feed.tick();
            assertThat(published()).containsExactlyInAnyOrder("log " + running + " r3", "update " + running + " success",
                    "log " + waiting + " w1", "update " + waiting + " error");

            sent.clear();
            feed.tick();
            feed.tick();
            assertThat(sent).as("nothing published twice").isEmpty();
        }
    }

    /**
     * A runner's task (no node): lines this node writes are not published as written but by the feed, in the stored
     * order after the lines another node stored before them; its status once; a waiting one marked here is followed.
     */
    @Test
    void aRunnersTask_isPublishedFromTheStoreOnly_inStoredOrder_once() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            Migrator.migrate(db);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long first = db.tx(h -> TestRows.insertTask(h, now));
            TaskStore tasks = new TaskStore(db);
            TaskOutputStore output = new TaskOutputStore(db);
            LogHub hub = watchedHub();
            RemoteTaskFeed feed = new RemoteTaskFeed(tasks, output, hub, () -> "this-node");
            feed.tick();
            long remote = insertLike(db, first, "running", null);
            db.run(h -> h.execute("UPDATE task SET runner_id = 7 WHERE id = " + remote));
            LogWriter here = new LogWriter(output, hub, 0);
            here.publishFromStore(remote);
            output.append(List.of(line(remote, 1, "pushed to the other node")));
            here.append(remote, 1, now, "pushed here");
            here.finish(remote, 1, now);
            hub.taskChanged(tasks.find(remote).orElseThrow());
            assertThat(sent).as("nothing published as written").isEmpty();
            feed.tick();
            assertThat(published()).containsExactly("log " + remote + " pushed to the other node",
                    "log " + remote + " pushed here", "update " + remote + " running");

            long waits = insertLike(db, first, "waiting", null);
            here.publishFromStore(waits); // a runner's task that went back to the queue
            here.note(waits, 1, now, "Waiting for a runner");
            here.finish(waits, 1, now);
            db.run(h -> h.execute("UPDATE task SET status = 'success' WHERE id = " + remote));
            sent.clear();
            feed.tick();
            feed.tick();
            assertThat(published()).containsExactly("update " + remote + " success",
                    "log " + waits + " Waiting for a runner");
            here.close();
        }
    }

    private List<String> published() {
        return sent.stream().map(m -> m.path("type").asText() + " " + m.path("task_id").asLong() + " "
                + (m.path("type").asText().equals("log") ? m.path("output").asText() : m.path("status").asText())).toList();
    }

    private static TaskOutputStore.Line line(long task, long number, String text) {
        return new TaskOutputStore.Line(task, number, Instant.now(), text);
    }

    /** A task of the same template and project as {@code like}, in {@code status}, claimed by {@code node}. */
    private static long insertLike(Database db, long like, String status, String node) {
        return db.tx(h -> {
            h.createUpdate("INSERT INTO task (template_id, project_id, status, created, node_id)"
                            + " SELECT template_id, project_id, :s, created, :n FROM task WHERE id = :id")
                    .bind("s", status).bind("n", node).bind("id", like).execute();
            return h.createQuery("SELECT MAX(id) FROM task").mapTo(Long.class).one();
        });
    }
}
