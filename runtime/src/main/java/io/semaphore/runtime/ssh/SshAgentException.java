package io.semaphore.runtime.ssh;

/** The ssh agent could not be started or a key could not be loaded; the message is a log line for the task. */
public final class SshAgentException extends RuntimeException {
    public SshAgentException(String message) {
        super(message);
    }
}
