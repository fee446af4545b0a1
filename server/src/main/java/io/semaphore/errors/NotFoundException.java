package io.semaphore.errors;

/** HTTP 404. The object does not exist or is not visible to the caller (another project's ids included). */
public class NotFoundException extends ApiException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 404;
    }
}
