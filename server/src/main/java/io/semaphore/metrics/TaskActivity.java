package io.semaphore.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task counters and timings, read from the task table rather than hooked into the engine: every node sees the same
 * rows (tasks other nodes run included), and the engine stays unaware of metrics. Each {@link #refresh} looks at the
 * tasks created since the last look and at those that were unfinished then; a task is counted once as it is first
 * seen started (queue wait) and once as it is first seen finished (outcome, duration). Tasks that existed before
 * the server started count only from what happens to them afterwards.
 */
final class TaskActivity {
    private static final Set<String> FINISHED = Set.of("success", "error", "stopped", "rejected");
    private static final int PAGE = 500;
    /** Histogram buckets, so dashboards can show quantiles across nodes. */
    private static final Duration[] QUEUE_BUCKETS = {Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30)};
    private static final Duration[] RUN_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(4)};

    private final Database db;
    private final MeterRegistry registry;
    private final Counter logLines;
    /** The highest task id looked at. */
    private long maxSeen;
    /** Unfinished tasks at the last look: whether each was seen started, and its stored output lines then. */
    private final Map<Long, Seen> open = new HashMap<>();

    private record Seen(boolean started, long lines) {}

    private record Row(long id, String status, String app, Instant created, Instant start, Instant end, long lines) {}

    TaskActivity(Database db, MeterRegistry registry) {
        this.db = db;
        this.registry = registry;
        this.logLines = Counter.builder("semaphore_task_log_lines")
                .description("Task output lines stored (rate() gives lines per second)").register(registry);
        // Only what happens from now on: the current tasks are remembered as they are.
        this.maxSeen = db.read(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM task").mapTo(Long.class).one());
        for (Row r : rows("t.status NOT IN ('success','error','stopped','rejected')", Map.of())) {
            open.put(r.id(), new Seen(r.start() != null, r.lines()));
        }
    }

    /** Brings the counters up to date with the task table. */
    synchronized void refresh() {
        List<Row> seen = new ArrayList<>();
        if (!open.isEmpty()) {
            List<Long> ids = List.copyOf(open.keySet());
            for (int i = 0; i < ids.size(); i += PAGE) {
                List<Long> page = ids.subList(i, Math.min(ids.size(), i + PAGE));
                seen.addAll(rows("t.id IN (<ids>)", Map.of("ids", page)));
            }
            // deleted meanwhile: nothing more will happen to them
            Set<Long> present = new java.util.HashSet<>();
            seen.forEach(r -> present.add(r.id()));
            open.keySet().retainAll(present);
        }
        while (true) {
            List<Row> fresh = rows("t.id > :after ORDER BY t.id LIMIT " + PAGE, Map.of("after", maxSeen));
            seen.addAll(fresh);
            if (fresh.isEmpty()) {
                break;
            }
            maxSeen = fresh.getLast().id();
            if (fresh.size() < PAGE) {
                break;
            }
        }
        for (Row r : seen) {
            Seen before = open.getOrDefault(r.id(), new Seen(false, 0));
            if (r.lines() > before.lines()) {
                logLines.increment(r.lines() - before.lines());
            }
            if (!before.started() && r.start() != null && r.created() != null) {
                Timer.builder("semaphore_task_queue_wait").description("Time from a task's creation to its start")
                        .tag("app", r.app()).serviceLevelObjectives(QUEUE_BUCKETS).register(registry)
                        .record(nonNegative(Duration.between(r.created(), r.start())));
            }
            if (FINISHED.contains(r.status())) {
                open.remove(r.id());
                Counter.builder("semaphore_tasks").description("Tasks that finished, by outcome and app")
                        .tag("status", r.status()).tag("app", r.app()).register(registry).increment();
                if (r.start() != null && r.end() != null) {
                    Timer.builder("semaphore_task_duration").description("Run time of finished tasks (start to end)")
                            .tag("status", r.status()).tag("app", r.app()).serviceLevelObjectives(RUN_BUCKETS)
                            .register(registry).record(nonNegative(Duration.between(r.start(), r.end())));
                }
            } else {
                open.put(r.id(), new Seen(before.started() || r.start() != null, Math.max(r.lines(), before.lines())));
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private List<Row> rows(String where, Map<String, Object> binds) {
        return db.read(h -> {
            var q = h.createQuery("SELECT t.id, t.status, COALESCE(tpl.app, ''), t.created, t.start, t.\"end\","
                    + " (SELECT COALESCE(MAX(o.line), 0) FROM task__output o WHERE o.task_id = t.id)"
                    + " FROM task t LEFT JOIN project__template tpl ON tpl.id = t.template_id WHERE " + where);
            binds.forEach((k, v) -> {
                if (v instanceof List<?> list) {
                    q.bindList(k, list);
                } else {
                    q.bind(k, v);
                }
            });
            return q.map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                    Columns.instant(rs, 4), Columns.instant(rs, 5), Columns.instant(rs, 6), rs.getLong(7))).list();
        });
    }
}
