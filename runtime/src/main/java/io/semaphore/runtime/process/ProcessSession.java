package io.semaphore.runtime.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one job, run one after another. {@link #stop(boolean)} stops the current one, whatever is left
 * in the sessions of the earlier ones (see {@link Sessions}), and refuses to start any later one, so a job stopped
 * between two steps stops there. The session each process leads is reported as soon as it started, so the job's
 * owner can record it.
 */
public final class ProcessSession {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSession.class);
    private final ProcessRunner runner;
    private final Consumer<SessionId> onSession;
    private @Nullable RunningProcess current;
    /** Sessions of the processes that ended: children they left in the background may still run there. */
    private final List<SessionId> earlier = new ArrayList<>();
    private boolean stopped;
    private boolean forced;

    public ProcessSession(ProcessRunner runner) {
        this(runner, session -> {});
    }

    /** @param onSession told of each process's session when it started (before {@code onStart} of a run) */
    public ProcessSession(ProcessRunner runner, Consumer<SessionId> onSession) {
        this.runner = runner;
        this.onSession = onSession;
    }

    /** Runs a process to its end; {@link ProcessResult#NOT_STARTED} when the session was stopped before. */
    public ProcessResult run(Command command, LineSink sink) throws IOException, InterruptedException {
        return run(command, sink, () -> {});
    }

    /** As {@link #run(Command, LineSink)}, calling {@code onStart} once the process has started. */
    public ProcessResult run(Command command, LineSink sink, Runnable onStart)
            throws IOException, InterruptedException {
        if (stopped()) {
            return ProcessResult.NOT_STARTED;
        }
        RunningProcess process = runner.start(command, sink);
        process.session().ifPresent(onSession);
        boolean stopNow;
        boolean force;
        synchronized (this) {
            current = process;
            stopNow = stopped;
            force = forced;
        }
        if (stopNow) {
            process.stop(force);
        } else {
            onStart.run();
        }
        try {
            return process.await();
        } finally {
            synchronized (this) {
                current = null;
                process.session().ifPresent(earlier::add);
            }
        }
    }

    /**
     * Stops the current process tree and session (SIGTERM then SIGKILL, or SIGKILL at once), what is left in the
     * sessions of earlier processes, and every later process. Returns at once.
     */
    public void stop(boolean force) {
        RunningProcess process;
        List<SessionId> left;
        synchronized (this) {
            stopped = true;
            forced |= force;
            process = current;
            left = List.copyOf(earlier);
        }
        if (process != null) {
            process.stop(force);
        }
        if (!left.isEmpty()) {
            Duration grace = force ? Duration.ZERO : runner.stopGrace();
            Thread.ofVirtual().name("stop-earlier-sessions").start(() -> {
                try {
                    Sessions.end(left, grace);
                } catch (InterruptedException e) {
                    LOG.debug("Ending the earlier sessions of a stopped job was interrupted");
                }
            });
        }
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    public ProcessRunner runner() {
        return runner;
    }
}
