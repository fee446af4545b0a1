package io.semaphore.errors;

/** HTTP 403. The caller is signed in but their role does not allow this action. */
public class ForbiddenException extends ApiException {
    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }
}
