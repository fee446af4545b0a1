package io.semaphore.errors;

/**
 * HTTP 503. The server cannot do the work now for a reason outside the request and the code: its database is
 * read-only, full or unreachable. The message names the cause; the cause keeps the driver's exception for the log.
 */
public class ServiceUnavailableException extends ApiException {
    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 503;
    }
}
