package io.semaphore.errors;

/** HTTP 409. The change clashes with existing data: a duplicate name, or an object still in use. */
public class ConflictException extends ApiException {
    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }
}
