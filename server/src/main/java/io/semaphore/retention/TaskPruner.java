package io.semaphore.retention;

import io.semaphore.db.Database;
import io.semaphore.db.Dialect;
import io.semaphore.event.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished tasks (and their output) that ended before a cut-off, a batch per transaction, so a writer never
 * waits on pruning for longer than one batch takes; a pause between batches lets waiting writers in. Unfinished
 * tasks are never touched, whatever their age. One event records how many were deleted.
 */
public final class TaskPruner {
    private static final Logger log = LoggerFactory.getLogger(TaskPruner.class);
    public static final int DEFAULT_BATCH = 200;
    private static final String FINISHED = "('success','error','stopped','rejected')";

    private final Database db;
    private final EventStore events;
    private final Clock clock;

    /** What one prune did: tasks and output lines deleted, in how many batches, the longest batch (write lock). */
    public record Result(int tasks, long lines, int batches, Duration longestBatch, Duration longestVacuumStep,
                         Duration took, long fileBytesBefore, long fileBytesAfter) {}

    public TaskPruner(Database db, EventStore events, Clock clock) {
        this.db = db;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Deletes finished tasks that ended (or, with no end recorded, were created) more than {@code maxAge} ago.
     *
     * @param pause time between batches, for other writers
     */
    public Result prune(Duration maxAge, int batchSize, Duration pause) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be 1 or more");
        }
        long start = System.nanoTime();
        Instant cutoff = clock.instant().minus(maxAge);
        long sizeBefore = SqliteSpace.fileBytes(db);
        int tasks = 0;
        long lines = 0;
        int batches = 0;
        long longest = 0;
        while (true) {
            long t0 = System.nanoTime();
            long[] done = db.tx(h -> {
                List<Long> ids = h.createQuery("SELECT id FROM task WHERE status IN " + FINISHED
                                + " AND COALESCE(\"end\", created) < :cutoff ORDER BY id LIMIT :n")
                        .bind("cutoff", cutoff).bind("n", batchSize).mapTo(Long.class).list();
                if (ids.isEmpty()) {
                    return new long[] {0, 0};
                }
                long out = h.createUpdate("DELETE FROM task__output WHERE task_id IN (<ids>)").bindList("ids", ids).execute();
                // the status is checked again: a row is never deleted unless it is finished at this moment
                long deleted = h.createUpdate("DELETE FROM task WHERE id IN (<ids>) AND status IN " + FINISHED)
                        .bindList("ids", ids).execute();
                return new long[] {deleted, out};
            });
            long took = System.nanoTime() - t0;
            if (done[0] == 0) {
                break;
            }
            batches++;
            tasks += (int) done[0];
            lines += done[1];
            longest = Math.max(longest, took);
            sleep(pause);
        }
        if (tasks > 0) {
            events.record(null, null, "task", null, "Retention deleted " + tasks + " task(s) that finished before "
                    + cutoff + " (older than " + describe(maxAge) + "), with " + lines + " output line(s)");
            log.info("Retention deleted {} task(s) with {} output line(s) in {} batch(es); longest batch {} ms",
                    tasks, lines, batches, longest / 1_000_000);
        }
        long vacuum = db.dialect() instanceof Dialect.Sqlite ? SqliteSpace.reclaim(db) : 0;
        return new Result(tasks, lines, batches, Duration.ofNanos(longest), Duration.ofNanos(vacuum),
                Duration.ofNanos(System.nanoTime() - start),
                sizeBefore, SqliteSpace.fileBytes(db));
    }

    private static String describe(Duration d) {
        return d.toDays() > 0 && d.toHours() % 24 == 0 ? d.toDays() + " day(s)" : d.toSeconds() + " s";
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
