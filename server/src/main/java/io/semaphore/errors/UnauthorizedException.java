package io.semaphore.errors;

/** HTTP 401. No valid session cookie or API token came with the request, or the credentials were wrong. */
public class UnauthorizedException extends ApiException {
    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }
}
