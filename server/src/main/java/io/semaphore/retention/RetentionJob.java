package io.semaphore.retention;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TaskPruner} in the background when {@code max_task_age_days} is set: a minute after start, then every
 * hour. Several nodes may prune at once; they delete the same rows at most once between them.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    static final Duration PAUSE = Duration.ofMillis(50);

    private final TaskPruner pruner;
    private final Duration maxAge;
    private ScheduledExecutorService timer;

    public RetentionJob(TaskPruner pruner, int maxTaskAgeDays) {
        this.pruner = pruner;
        this.maxAge = Duration.ofDays(maxTaskAgeDays);
    }

    public void start() {
        if (maxAge.isZero()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "task-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runOnce, 60, 3600, TimeUnit.SECONDS);
    }

    void runOnce() {
        try {
            pruner.prune(maxAge, TaskPruner.DEFAULT_BATCH, PAUSE);
        } catch (RuntimeException e) {
            log.warn("Task retention failed; it is tried again in an hour: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
