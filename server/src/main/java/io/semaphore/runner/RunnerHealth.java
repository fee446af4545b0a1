package io.semaphore.runner;

import io.semaphore.background.Ticker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's periodic job for runners: {@link RunnerDispatch#checkHealth()} once a second, on its own thread. */
public final class RunnerHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerHealth.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final RunnerDispatch dispatch;
    private Ticker ticker;

    public RunnerHealth(RunnerDispatch dispatch) {
        this.dispatch = dispatch;
    }

    public void start() {
        ticker = Ticker.start("runner-health", TICK, TICK, dispatch::checkHealth,
                e -> log.warn("Runner health check failed; trying again in a second: {}", e.toString()));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.close();
        }
    }
}
