package io.semaphore.errors;

/**
 * Base of every failure that the API reports to a client. Each subclass names what failed and carries the HTTP
 * status; {@code api.ErrorMapper} turns them into Semaphore's {@code {"error": "..."}} body in one place.
 * Anything that is not an ApiException is a bug and becomes a 500.
 */
public abstract class ApiException extends RuntimeException {
    protected ApiException(String message) {
        super(message);
    }

    protected ApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status this failure maps to. */
    public abstract int status();
}
