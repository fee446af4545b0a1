package io.semaphore.errors;

/** HTTP 415. The request body is not in a format the route reads (every API route reads JSON). */
public class UnsupportedMediaTypeException extends ApiException {
    public UnsupportedMediaTypeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 415;
    }
}
