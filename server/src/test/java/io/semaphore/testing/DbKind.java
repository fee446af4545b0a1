package io.semaphore.testing;

/** The databases every storage test runs on. */
public enum DbKind {
    SQLITE("sqlite"),
    POSTGRES("postgres"),
    MYSQL("mysql");

    public final String dialect;

    DbKind(String dialect) {
        this.dialect = dialect;
    }
}
