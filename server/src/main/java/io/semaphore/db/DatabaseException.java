package io.semaphore.db;

/** The database could not be reached, created or migrated; the message says which and why. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
