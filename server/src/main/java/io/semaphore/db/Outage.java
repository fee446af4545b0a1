package io.semaphore.db;

/**
 * A state of the database, not a fault of the request or of the code, that stops it from doing the work: what
 * {@link Dialect#outage} recognises in a driver's exception. {@code code} names the vendor's error (never its
 * message, which may name hosts and paths) for the person reading the API's answer.
 */
record Outage(Kind kind, String code) {
    enum Kind {
        READ_ONLY("The database is read-only", "nothing was saved; make it writable again (file permissions, the"
                + " database's read-only setting, the primary rather than a replica) and retry"),
        DISK_FULL("The database disk is full", "nothing was saved; free space where the database keeps its files and retry"),
        IO_ERROR("The database's files cannot be read or written", "check the disk and the permissions of the"
                + " database files, then retry"),
        OUT_OF_RESOURCES("The database is out of resources", "it lacks memory or hit a limit; retry later or raise"
                + " its limits"),
        UNREACHABLE("The database cannot be reached", "check that it is running and reachable as config.json's"
                + " database block says, then retry");

        private final String what;
        private final String todo;

        Kind(String what, String todo) {
            this.what = what;
            this.todo = todo;
        }
    }

    /** The answer's message, e.g. "The database is read-only (PostgreSQL SQLSTATE 25006): nothing was saved; ...". */
    String message() {
        return kind.what + " (" + code + "): " + kind.todo;
    }
}
