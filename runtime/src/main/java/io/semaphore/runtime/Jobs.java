package io.semaphore.runtime;

import io.semaphore.runtime.git.GitCheckout;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.process.ProcessRunner;
import java.time.Clock;

/** Where jobs are run from: the server's local pool and the remote runner both start here. */
public final class Jobs {
    private Jobs() {}

    /** Runs jobs as processes on this machine; output lines longer than {@code maxLineBytes} are cut. */
    public static JobRunner local(int maxLineBytes) {
        return new LocalJobRunner(Clock.systemUTC(), ProcessRunner.DEFAULT_STOP_GRACE, GitCheckout.Timeouts.DEFAULT,
                maxLineBytes);
    }
}
