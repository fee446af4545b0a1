package io.semaphore.errors;

/** HTTP 400. The request is malformed or a value is invalid; the message names the field and what is allowed. */
public class ValidationException extends ApiException {
    public ValidationException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 400;
    }
}
