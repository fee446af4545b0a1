package io.semaphore.cli;

/** Exit codes scripts can rely on; printed by {@code semaphore --help}. */
final class ExitCodes {
    static final int OK = 0;
    /** Something failed at run time (database unreachable, I/O error). */
    static final int FAILURE = 1;
    /** Bad usage: unknown command or option, invalid value, invalid configuration. */
    static final int USAGE = 2;
    /** The user (or other object) named does not exist. */
    static final int NOT_FOUND = 3;
    /** The object already exists or is still needed (duplicate login, last administrator). */
    static final int CONFLICT = 4;

    private ExitCodes() {}
}
