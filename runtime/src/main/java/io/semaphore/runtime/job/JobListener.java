package io.semaphore.runtime.job;

import java.time.Instant;

/**
 * What a running job reports. Called from the job's threads; implementations must be thread-safe and must not
 * block for long (the server batches log lines; see the server's LogWriter).
 */
public interface JobListener {
    /** One output line, secrets already masked, in the order produced. */
    void log(Instant time, String line);

    /** The job checked out this commit. */
    default void commit(String hash, String message) {}

    /** The job is now running its main process (status running). */
    default void running() {}

    /**
     * Terraform/OpenTofu: the plan has changes and waits for a person. Blocks until the task is confirmed
     * (returns true) or rejected/stopped (returns false).
     */
    default boolean awaitConfirmation() throws InterruptedException {
        return false;
    }
}
