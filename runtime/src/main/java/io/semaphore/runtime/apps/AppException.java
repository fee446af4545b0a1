package io.semaphore.runtime.apps;

/** An app could not be prepared or started; the message is the log line. */
public final class AppException extends RuntimeException {
    public AppException(String message) {
        super(message);
    }
}
