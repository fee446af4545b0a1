package io.semaphore.background;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The engine's periodic jobs: a named virtual thread that runs a step, waits, and runs it again until closed. A step
 * that throws is handed to the owner, who says in its own words what happens next (the next step runs as planned).
 * Whoever starts one closes it; {@link #close} waits, up to a bound, for a step in progress, so what the step uses
 * (the database) is not closed under it.
 */
public final class Ticker implements AutoCloseable {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Duration first;
    private final Duration every;
    private final Runnable step;
    private final Consumer<RuntimeException> failed;
    private final Thread thread;
    private volatile boolean closed;

    private Ticker(String name, Duration first, Duration every, Runnable step, Consumer<RuntimeException> failed) {
        this.first = first;
        this.every = every;
        this.step = step;
        this.failed = failed;
        this.thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    /**
     * Runs {@code step} on thread {@code name} after {@code first}, then {@code every} after each step ended.
     *
     * @param failed told of a step that threw (usually: log it)
     */
    public static Ticker start(String name, Duration first, Duration every, Runnable step,
                               Consumer<RuntimeException> failed) {
        return new Ticker(name, first, every, step, failed);
    }

    private void loop() {
        try {
            Thread.sleep(first);
            while (!closed) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    failed.accept(e);
                }
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Stops the steps, waiting up to 5 s for one in progress. */
    @Override
    public void close() {
        close(CLOSE_WAIT);
    }

    /** Stops the steps, waiting up to {@code wait} for one in progress. */
    public void close(Duration wait) {
        closed = true;
        thread.interrupt();
        try {
            thread.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
