package io.semaphore.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.semaphore.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The server's meters in one Prometheus registry. Task figures come from the database ({@link TaskActivity} and the
 * queue gauges, refreshed at each scrape, so every node reports the whole installation's tasks: aggregate them with
 * {@code max}, not {@code sum}); the running count, live viewers, HTTP latency, the pool and the JVM are this node's.
 */
public final class ServerMetrics implements AutoCloseable {
    private static final Duration[] HTTP_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database db;
    private final Clock clock;
    private final TaskActivity activity;
    private final MultiGauge unfinished;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong oldestWaitMs = new AtomicLong();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * @param runningHere tasks this node runs now
     * @param liveViewers browsers connected to this node's live socket
     */
    public ServerMetrics(Database db, Clock clock, IntSupplier runningHere, IntSupplier liveViewers) {
        this.db = db;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (db.dataSource() instanceof HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        // Semaphore's own name (2.20): tasks running now, on this node.
        Gauge.builder("semaphore_tasks_running", runningHere::getAsInt)
                .description("Tasks running on this node now").register(registry);
        Gauge.builder("semaphore_live_viewers", liveViewers::getAsInt)
                .description("Browsers connected to this node's live updates (/api/ws)").register(registry);
        Gauge.builder("semaphore_task_queue_length", waiting::get)
                .description("Tasks waiting to start").register(registry);
        Gauge.builder("semaphore_task_queue_oldest_wait_seconds", () -> oldestWaitMs.get() / 1000.0)
                .description("How long the oldest waiting task has waited").register(registry);
        this.unfinished = MultiGauge.builder("semaphore_tasks_unfinished")
                .description("Tasks not finished yet, by status and app").register(registry);
        this.activity = new TaskActivity(db, registry);
    }

    /** Adds {@code semaphore_runners_online}: active remote runners that polled in the last 30 seconds. */
    public void runnersOnline(IntSupplier online) {
        Gauge.builder("semaphore_runners_online", online::getAsInt)
                .description("Active remote runners heard from in the last 30 seconds").register(registry);
    }

    /** Times one HTTP request; {@code route} is the matched path template (never the raw path: ids would explode it). */
    public void recordRequest(String method, String route, int status, long nanos) {
        Timer.builder("semaphore_http_requests").description("HTTP requests by route, method and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(HTTP_BUCKETS).register(registry).record(Duration.ofNanos(nanos));
    }

    /** The Prometheus text format, after reading the task table. */
    public String scrape() {
        refreshTasks();
        return registry.scrape();
    }

    /** The registry's content type for the text format. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private void refreshTasks() {
        activity.refresh();
        record Group(String status, String app, long count, Instant oldest) {}
        List<Group> groups = db.read(h -> h.createQuery("SELECT t.status, COALESCE(tpl.app, ''), COUNT(*), MIN(t.created)"
                        + " FROM task t LEFT JOIN project__template tpl ON tpl.id = t.template_id"
                        + " WHERE t.status NOT IN ('success','error','stopped','rejected')"
                        + " GROUP BY t.status, COALESCE(tpl.app, '')")
                .map((rs, ctx) -> new Group(rs.getString(1), rs.getString(2), rs.getLong(3),
                        io.semaphore.db.Columns.instant(rs, 4)))
                .list());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        long queue = 0;
        Instant oldest = null;
        for (Group g : groups) {
            rows.add(MultiGauge.Row.of(Tags.of("status", g.status(), "app", g.app()), g.count()));
            if (g.status().equals("waiting")) {
                queue += g.count();
                if (g.oldest() != null && (oldest == null || g.oldest().isBefore(oldest))) {
                    oldest = g.oldest();
                }
            }
        }
        unfinished.register(rows, true);
        waiting.set(queue);
        oldestWaitMs.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis()));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
