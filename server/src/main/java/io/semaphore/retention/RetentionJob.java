package io.semaphore.retention;

import io.semaphore.background.Ticker;
import java.time.Duration;
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
    private Ticker ticker;

    public RetentionJob(TaskPruner pruner, int maxTaskAgeDays) {
        this.pruner = pruner;
        this.maxAge = Duration.ofDays(maxTaskAgeDays);
    }

    public void start() {
        if (maxAge.isZero()) {
            return;
        }
        ticker = Ticker.start("task-retention", Duration.ofMinutes(1), Duration.ofHours(1),
                () -> pruner.prune(maxAge, TaskPruner.DEFAULT_BATCH, PAUSE),
                e -> log.warn("Task retention failed; it is tried again in an hour: {}", e.toString()));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.close();
        }
    }
}
