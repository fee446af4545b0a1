package io.semaphore.runtime;

import io.semaphore.runtime.git.GitCheckout;
import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.process.ProcessRunner;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs each job on a virtual thread of its own, as processes on this machine: checkout, keys, requirements, app.
 * A failure of any step is a log line and an ERROR result; {@code await()} never throws for a failed job.
 */
public final class LocalJobRunner implements JobRunner {
    private final Clock clock;
    private final Duration stopGrace;
    private final GitCheckout.Timeouts gitTimeouts;
    private final int maxLineBytes;

    /**
     * @param stopGrace    time between SIGTERM and SIGKILL when a job is stopped without force
     * @param maxLineBytes output lines longer than this are cut (see {@link ProcessRunner})
     */
    public LocalJobRunner(Clock clock, Duration stopGrace, GitCheckout.Timeouts gitTimeouts, int maxLineBytes) {
        this.clock = clock;
        this.stopGrace = stopGrace;
        this.gitTimeouts = gitTimeouts;
        this.maxLineBytes = maxLineBytes;
    }

    public LocalJobRunner() {
        this(Clock.systemUTC(), ProcessRunner.DEFAULT_STOP_GRACE, GitCheckout.Timeouts.DEFAULT,
                ProcessRunner.DEFAULT_MAX_LINE_BYTES);
    }

    @Override
    public RunningJob start(JobSpec spec, JobListener listener) {
        var job = new LocalJob(spec, listener, new ProcessRunner(clock, stopGrace, maxLineBytes), gitTimeouts, clock);
        job.start();
        return job;
    }
}
