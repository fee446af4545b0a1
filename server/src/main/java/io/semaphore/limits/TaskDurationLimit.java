package io.semaphore.limits;

import io.semaphore.background.Ticker;
import io.semaphore.db.Database;
import io.semaphore.task.log.TaskLog;
import io.semaphore.task.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code max_task_duration_sec} (Semaphore's key): a task of this node running longer is stopped, with a line in
 * its log saying why; one that has not ended {@link #FORCE_AFTER} later is stopped by force. Checked every few
 * seconds, so a task may run up to that much past the limit.
 */
public final class TaskDurationLimit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskDurationLimit.class);
    static final Duration FORCE_AFTER = Duration.ofSeconds(10);

    private final Database db;
    private final TaskService tasks;
    private final TaskLog logs;
    private final Supplier<String> nodeId;
    private final Duration limit;
    private final Clock clock;
    /** Tasks asked to stop, and when. */
    private final Map<Long, Instant> stopping = new HashMap<>();
    private Ticker ticker;

    private record Overdue(long id, int projectId) {}

    public TaskDurationLimit(Database db, TaskService tasks, TaskLog logs, Supplier<String> nodeId,
                             int maxTaskDurationSec, Clock clock) {
        this.db = db;
        this.tasks = tasks;
        this.logs = logs;
        this.nodeId = nodeId;
        this.limit = Duration.ofSeconds(maxTaskDurationSec);
        this.clock = clock;
    }

    public void start() {
        if (limit.isZero()) {
            return;
        }
        Duration every = Duration.ofSeconds(Math.max(1, Math.min(5, limit.toSeconds())));
        ticker = Ticker.start("task-duration-limit", every, every, this::check,
                e -> log.warn("Checking max_task_duration_sec failed; checked again shortly: {}", e.toString()));
    }

    synchronized void check() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Overdue> overdue = db.read(h -> h.createQuery("SELECT id, project_id FROM task WHERE node_id = :node"
                        + " AND status NOT IN ('success','error','stopped','rejected','waiting')"
                        + " AND start IS NOT NULL AND start < :cutoff")
                .bind("node", nodeId.get()).bind("cutoff", now.minus(limit))
                .map((rs, ctx) -> new Overdue(rs.getLong(1), rs.getInt(2))).list());
        stopping.keySet().retainAll(overdue.stream().map(Overdue::id).toList());
        for (Overdue t : overdue) {
            Instant asked = stopping.get(t.id());
            if (asked == null) {
                logs.append(t.id(), t.projectId(), now, "Stopping the task: it ran longer than max_task_duration_sec ("
                        + limit.toSeconds() + " s)");
                stopping.put(t.id(), now);
                tasks.stop(t.projectId(), t.id(), false);
            } else if (Duration.between(asked, now).compareTo(FORCE_AFTER) >= 0) {
                tasks.stop(t.projectId(), t.id(), true);
            }
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.close();
        }
    }
}
