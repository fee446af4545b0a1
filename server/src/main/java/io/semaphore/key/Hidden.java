package io.semaphore.key;

/** What the {@code toString} of a record holding a secret prints instead of the secret. */
public final class Hidden {
    private Hidden() {}

    /** {@code null}, {@code ""} or {@code ***}: whether a value is there, never the value. */
    public static String of(String secret) {
        if (secret == null) {
            return "null";
        }
        return secret.isEmpty() ? "\"\"" : "***";
    }
}
