package io.semaphore.runtime.job;

/** Starts jobs. The local implementation runs processes on this machine; tests may supply others. */
public interface JobRunner {
    /** Starts the job on its own (virtual) thread and returns at once. */
    RunningJob start(JobSpec spec, JobListener listener);

    /** A started job. */
    interface RunningJob {
        /** Waits for the end; never throws for a failed job (that is an ERROR result). */
        JobResult await() throws InterruptedException;

        /**
         * Asks the job to stop: {@code force=false} sends SIGTERM to the whole process tree and waits a few
         * seconds before SIGKILL; {@code force=true} kills at once. The result is then STOPPED.
         */
        void stop(boolean force);
    }
}
