package io.semaphore.runtime.job;

import io.semaphore.runtime.process.SessionId;
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

    /**
     * A process of the job started in a session of its own: everything it starts stays in that session, so after a
     * crash of the caller the session is how its leftovers are found and ended. Called before {@link #running()}
     * when the process is the main one.
     */
    default void processStarted(SessionId session) {}

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
