package io.semaphore.task.state;

import io.semaphore.task.TaskService;
import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.db.Database;
import io.semaphore.db.Migrator;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes claiming tasks of one template that allows no parallel runs, at the same moment: the limit is counted
 * under a lock in the claim's transaction, so the second node waits for the first to commit and then sees its
 * task. Without the lock both counts would see no running task and both would start one. And a claim under that
 * lock never deadlocks with a task being queued for the same template (it did when the lock was the template's
 * and project's rows: MariaDB's foreign key checks lock them in the other order).
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskClaimTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void aSecondNodesClaim_waitsForTheFirst_andRespectsTheTemplatesLimit() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            Migrator.migrate(db);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long first = db.tx(h -> TestRows.insertTask(h, now));
            long second = db.tx(h -> {
                h.createUpdate("UPDATE task SET status = 'waiting' WHERE id = :id").bind("id", first).execute();
                h.createUpdate("INSERT INTO task (template_id, project_id, status, created)"
                        + " SELECT template_id, project_id, 'waiting', created FROM task WHERE id = :id").bind("id", first).execute();
                return h.createQuery("SELECT MAX(id) FROM task").mapTo(Long.class).one();
            });
            TaskStore tasks = new TaskStore(db);
            Task task = tasks.find(first).orElseThrow();
            var limits = new TaskStore.Limits(task.templateId(), true, task.projectId(), 0);
            Instant lease = now.plusSeconds(30);

            CountDownLatch claimed = new CountDownLatch(1);
            AtomicBoolean firstClaimed = new AtomicBoolean();
            // Node A claims, then keeps its transaction open a while (as if its event insert were slow).
            Thread nodeA = Thread.ofPlatform().start(() -> db.tx(h -> {
                firstClaimed.set(tasks.claim(first, "node-a", lease, limits));
                claimed.countDown();
                sleep(600);
                return null;
            }));
            assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            boolean secondClaimed = tasks.claim(second, "node-b", lease, limits);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            nodeA.join();

            assertThat(firstClaimed).isTrue();
            assertThat(secondClaimed).as("node B started a second task of a serial template").isFalse();
            assertThat(waitedMs).as("node B waited for node A's transaction").isGreaterThanOrEqualTo(300);
            assertThat(tasks.find(second).orElseThrow().status()).isEqualTo(TaskStatus.WAITING);
            assertThat(tasks.countActive(null, null, task.templateId())).isEqualTo(1);
        }
    }

    /** Queuing and claiming tasks of one serial template at the same time, many times over: never a deadlock. */
    @Test
    void claimsAndNewTasksOfOneTemplate_atTheSameTime_neverDeadlock() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            Migrator.migrate(db);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long first = db.tx(h -> TestRows.insertTask(h, now));
            TaskStore tasks = new TaskStore(db);
            Task like = tasks.find(first).orElseThrow();
            var limits = new TaskStore.Limits(like.templateId(), true, like.projectId(), 3);
            var failures = new java.util.concurrent.CopyOnWriteArrayList<Throwable>();
            Thread queuing = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150 && failures.isEmpty(); i++) {
                    try { // as TaskService.start: the row and its event in one transaction
                        db.tx(h -> {
                            h.createUpdate("INSERT INTO task (template_id, project_id, status, created) VALUES (:t, :p, 'waiting', :c)")
                                    .bind("t", like.templateId()).bind("p", like.projectId()).bind("c", now).execute();
                            h.createUpdate("INSERT INTO event (project_id, object_type, description, created) VALUES (:p, 'task', 'queued', :c)")
                                    .bind("p", like.projectId()).bind("c", now).execute();
                            return null;
                        });
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            Thread claiming = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150 && failures.isEmpty(); i++) {
                    try {
                        db.tx(h -> {
                            long next = h.createQuery("SELECT COALESCE(MIN(id), 0) FROM task WHERE status = 'waiting'")
                                    .mapTo(Long.class).one();
                            if (next > 0 && tasks.claim(next, "node", now.plusSeconds(30), limits)) {
                                h.createUpdate("INSERT INTO event (project_id, object_type, description, created) VALUES (:p, 'task', 'running', :c)")
                                        .bind("p", like.projectId()).bind("c", now).execute();
                                h.createUpdate("UPDATE task SET status = 'success' WHERE id = :id").bind("id", next).execute();
                            }
                            return null;
                        });
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            queuing.join();
            claiming.join();
            assertThat(failures).as("errors while queuing and claiming at the same time").isEmpty();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
