package io.semaphore.runtime.process;

import java.io.IOException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The processes of one job, run one after another. {@link #stop(boolean)} stops the current one and refuses to start
 * any later one, so a job stopped between two steps stops there. The session each process leads (see
 * {@link Sessions}) is reported as soon as it started, so the job's owner can record it.
 */
public final class ProcessSession {
    private final ProcessRunner runner;
    private final Consumer<SessionId> onSession;
    private @Nullable RunningProcess current;
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
            }
        }
    }

    /** Stops the current process tree (SIGTERM then SIGKILL, or SIGKILL at once) and every later one. */
    public void stop(boolean force) {
        RunningProcess process;
        synchronized (this) {
            stopped = true;
            forced |= force;
            process = current;
        }
        if (process != null) {
            process.stop(force);
        }
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    public ProcessRunner runner() {
        return runner;
    }
}
