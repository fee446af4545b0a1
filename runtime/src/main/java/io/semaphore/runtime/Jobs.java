package io.semaphore.runtime;

import io.semaphore.runtime.job.JobRunner;

/** Where jobs are run from: the server's local pool and the remote runner both start here. */
public final class Jobs {
    private Jobs() {}

    /** Runs jobs as processes on this machine. */
    public static JobRunner local() {
        return new LocalJobRunner();
    }
}
