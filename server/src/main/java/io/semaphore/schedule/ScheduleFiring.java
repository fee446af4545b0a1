package io.semaphore.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.background.Ticker;
import io.semaphore.db.Database;
import io.semaphore.errors.ApiException;
import io.semaphore.event.EventStore;
import io.semaphore.task.state.Task;
import io.semaphore.task.TaskRequest;
import io.semaphore.task.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due schedules on this node. Every node polls once a second for active schedules whose {@code next_due}
 * has come and claims each due time with a conditional UPDATE (from the {@code next_due} it read to the following
 * one); the one node whose UPDATE changed the row starts the task, in the same transaction, so a due time starts
 * exactly one task whatever the number of nodes, and a crash between claim and start loses neither (both roll back).
 *
 * <p>A due time seen within {@link #lateLimit} (60 s in production) still fires: a restart across it is not a lost
 * run. One older than that passed while no server was running; it is skipped (Semaphore's cron does not catch up
 * either) and counted in the schedule's {@code missed_runs} / {@code last_missed_at}, with an event, so people
 * see it.
 */
public final class ScheduleFiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);
    static final Duration DEFAULT_LATE_LIMIT = Duration.ofSeconds(60);
    private static final int MAX_MISSED_COUNTED = 10_000;

    private final Database db;
    private final ScheduleService schedules;
    private final ScheduleStore store;
    private final TaskService tasks;
    private final EventStore events;
    private final Clock clock;
    private final Duration lateLimit;
    private final long pollMs;
    private volatile boolean closed;
    private Ticker ticker;

    public ScheduleFiring(Database db, ScheduleService schedules, TaskService tasks, EventStore events, Clock clock) {
        this(db, schedules, tasks, events, clock, DEFAULT_LATE_LIMIT, 1000);
    }

    ScheduleFiring(Database db, ScheduleService schedules, TaskService tasks, EventStore events, Clock clock,
                   Duration lateLimit, long pollMs) {
        this.db = db;
        this.schedules = schedules;
        this.store = schedules.store();
        this.tasks = tasks;
        this.events = events;
        this.clock = clock;
        this.lateLimit = lateLimit;
        this.pollMs = pollMs;
    }

    public void start() {
        ticker = Ticker.start("schedule-firing", Duration.ZERO, Duration.ofMillis(pollMs), () -> {
            setMissingDueTimes(); // restored schedules; one indexed query, as cheap as the due list
            tick();
        }, e -> log.error("Schedule poll failed; trying again in a second", e));
    }

    /** Schedules restored from a backup or made before due times were stored get their next one from now. */
    void setMissingDueTimes() {
        Instant now = clock.instant();
        for (Schedule s : store.activeWithoutDue(now)) {
            try {
                Instant next = schedules.nextDue(s.type(), s.cronFormat(), s.runAt(), now);
                if (next != null) {
                    store.setDueIfUnset(s.id(), next);
                }
            } catch (ApiException e) {
                log.warn("Schedule {} of project {} has an invalid cron expression '{}': {}", s.id(), s.projectId(),
                        s.cronFormat(), e.getMessage());
            }
        }
    }

    /** Handles every due time that has come; returns how many tasks this node started. */
    int tick() {
        Instant now = clock.instant();
        int started = 0;
        for (Schedule s : store.due(now, 100)) {
            if (closed) {
                break;
            }
            try {
                if (handle(s, now)) {
                    started++;
                }
            } catch (RuntimeException e) {
                log.error("Schedule {} of project {} could not be handled", s.id(), s.projectId(), e);
            }
        }
        return started;
    }

    private boolean handle(Schedule s, Instant now) {
        Instant due = s.nextRunAt();
        if (Duration.between(due, now).compareTo(lateLimit) > 0) {
            skipMissed(s, due, now);
            return false;
        }
        // The next due time counts from now: a late fire (a restart within the limit) does not make up the
        // times between as a burst.
        Instant next = s.oneTime() ? null : schedules.nextDue(s.type(), s.cronFormat(), s.runAt(), max(due, now));
        try {
            Task t = db.tx(h -> {
                if (!store.claim(s.id(), due, next, null, 0)) {
                    return null; // another node fired it
                }
                Task task = tasks.startScheduled(s.projectId(), s.id(), request(s));
                if (s.oneTime() && s.deleteAfterRun()) {
                    store.delete(s.projectId(), s.id());
                }
                return task;
            });
            if (t != null) {
                log.info("Schedule {} of project {} started task {} (due {})", s.id(), s.projectId(), t.id(), due);
            }
            return t != null;
        } catch (ApiException e) {
            // The task cannot start (e.g. the template now needs a build task): the due time is used up anyway,
            // or it would be tried every second; the reason goes to the activity log.
            if (store.claim(s.id(), due, next, null, 0)) {
                events.record(s.projectId(), null, "schedule", s.id(), "Schedule " + ScheduleService.label(s)
                        + " could not start a task: " + e.getMessage());
                log.warn("Schedule {} of project {} could not start a task: {}", s.id(), s.projectId(), e.getMessage());
            }
            return false;
        }
    }

    private void skipMissed(Schedule s, Instant due, Instant now) {
        Instant last = due;
        int missed = 1;
        Instant next = null;
        if (!s.oneTime()) {
            CronExpression cron = CronExpression.parse(s.cronFormat());
            Instant n = cron.nextAfter(due, schedules.zone()).orElse(null);
            while (n != null && !n.isAfter(now) && missed < MAX_MISSED_COUNTED) {
                last = n;
                missed++;
                n = cron.nextAfter(n, schedules.zone()).orElse(null);
            }
            next = cron.nextAfter(now, schedules.zone()).orElse(null);
        }
        Instant lastMissed = last;
        int count = missed;
        Instant following = next;
        db.run(h -> {
            if (store.claim(s.id(), due, following, lastMissed, count)) {
                events.record(s.projectId(), null, "schedule", s.id(), "Schedule " + ScheduleService.label(s)
                        + " skipped " + count + (count == 1 ? " run" : " runs") + " due while no server was running"
                        + " (last due at " + lastMissed + ")");
            }
        });
        log.warn("Schedule {} of project {}: skipped {} run(s) due while no server was running (first {}, last {})",
                s.id(), s.projectId(), missed, due, last);
    }

    /** The task a schedule starts: its template plus what its {@code task_params} set. */
    static TaskRequest request(Schedule s) {
        JsonNode p = s.taskParams() == null ? ScheduleStore.JSON.createObjectNode() : s.taskParams();
        return new TaskRequest(s.templateId(), bool(p, "debug"), bool(p, "dry_run"), bool(p, "diff"),
                text(p, "playbook"), json(p, "environment"), null, text(p, "limit"), json(p, "arguments"),
                text(p, "git_branch"), p.hasNonNull("inventory_id") && p.get("inventory_id").canConvertToInt()
                        ? p.get("inventory_id").asInt() : null,
                text(p, "message"), text(p, "commit_hash"), null, null);
    }

    private static Boolean bool(JsonNode p, String f) {
        return p.hasNonNull(f) ? p.get(f).asBoolean() : null;
    }

    private static String text(JsonNode p, String f) {
        return p.hasNonNull(f) && p.get(f).isValueNode() ? p.get(f).asText() : null;
    }

    /** Semaphore sends these as JSON text; an object or array given directly is taken as its text. */
    private static String json(JsonNode p, String f) {
        if (!p.hasNonNull(f)) {
            return null;
        }
        JsonNode n = p.get(f);
        if (n.isTextual()) {
            return n.asText();
        }
        if (n instanceof ObjectNode o && "environment".equals(f)) {
            // Semaphore's task_params.environment may hold the values themselves.
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            return it.hasNext() ? o.toString() : null;
        }
        return n.toString();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.close();
        }
    }
}
