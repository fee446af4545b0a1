package io.semaphore.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's periodic job for runners: {@link RunnerDispatch#checkHealth()} once a second, on its own thread. */
public final class RunnerHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerHealth.class);
    private static final long TICK_MS = 1000;

    private final RunnerDispatch dispatch;
    private volatile boolean closed;
    private Thread thread;

    public RunnerHealth(RunnerDispatch dispatch) {
        this.dispatch = dispatch;
    }

    public void start() {
        thread = Thread.ofVirtual().name("runner-health").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MS);
                dispatch.checkHealth();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Runner health check failed; trying again in a second: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
