package io.semaphore.runtime.git;

/** A git step failed; the message is the log line, e.g. "Cannot clone <url>: fatal: repository not found". */
public final class GitException extends RuntimeException {
    public GitException(String message) {
        super(message);
    }
}
