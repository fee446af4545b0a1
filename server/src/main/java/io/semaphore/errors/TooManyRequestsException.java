package io.semaphore.errors;

/** HTTP 429. The caller has to wait before trying again (repeated failed sign-ins); carries how long. */
public class TooManyRequestsException extends ApiException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int status() {
        return 429;
    }
}
