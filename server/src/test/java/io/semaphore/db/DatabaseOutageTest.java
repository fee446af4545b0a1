package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The vendors' codes for a read-only, full or unreachable database, including those the API tests cannot provoke
 * on a shared machine (a full disk under PostgreSQL or MariaDB): each must become its outage, and nothing else.
 */
class DatabaseOutageTest {
    private static final Dialect SQLITE = Dialect.of("sqlite");
    private static final Dialect POSTGRES = Dialect.of("postgres");
    private static final Dialect MYSQL = Dialect.of("mysql");

    private static Optional<Outage.Kind> kind(Dialect d, Throwable t) {
        return Database.outage(d, t).map(Outage::kind);
    }

    private static SQLException sqlite(int code) {
        return new SQLException("[SQLITE] message", null, code);
    }

    @Test
    void sqlite_byPrimaryResultCode_extendedCodesIncluded() {
        assertThat(kind(SQLITE, sqlite(8))).contains(Outage.Kind.READ_ONLY);
        assertThat(kind(SQLITE, sqlite(1032))).as("SQLITE_READONLY_DBMOVED").contains(Outage.Kind.READ_ONLY);
        assertThat(kind(SQLITE, sqlite(13))).contains(Outage.Kind.DISK_FULL);
        assertThat(kind(SQLITE, sqlite(14))).contains(Outage.Kind.UNREACHABLE);
        assertThat(kind(SQLITE, sqlite(10))).contains(Outage.Kind.IO_ERROR);
        assertThat(kind(SQLITE, sqlite(19))).as("a constraint is no outage").isEmpty();
        assertThat(kind(SQLITE, sqlite(1))).as("a SQL error is no outage").isEmpty();
        assertThat(Database.outage(SQLITE, sqlite(1032)).orElseThrow().message())
                .startsWith("The database is read-only (SQLite SQLITE_READONLY, extended code 1032): nothing was saved");
        assertThat(Database.outage(SQLITE, sqlite(13)).orElseThrow().message())
                .startsWith("The database disk is full (SQLite SQLITE_FULL): ");
    }

    @Test
    void postgres_bySqlState() {
        assertThat(kind(POSTGRES, new SQLException("x", "25006"))).contains(Outage.Kind.READ_ONLY);
        assertThat(kind(POSTGRES, new SQLException("x", "53100"))).contains(Outage.Kind.DISK_FULL);
        assertThat(kind(POSTGRES, new SQLException("x", "53300"))).contains(Outage.Kind.OUT_OF_RESOURCES);
        assertThat(kind(POSTGRES, new SQLException("x", "53200"))).contains(Outage.Kind.OUT_OF_RESOURCES);
        assertThat(kind(POSTGRES, new SQLException("x", "57P01"))).contains(Outage.Kind.UNREACHABLE);
        assertThat(kind(POSTGRES, new SQLException("x", "08006"))).contains(Outage.Kind.UNREACHABLE);
        assertThat(kind(POSTGRES, new SQLException("x", "23505"))).isEmpty();
        assertThat(kind(POSTGRES, new SQLException("x", "42601"))).isEmpty();
        assertThat(kind(POSTGRES, new SQLException("x"))).isEmpty();
        assertThat(Database.outage(POSTGRES, new SQLException("x", "53100")).orElseThrow().message())
                .startsWith("The database disk is full (PostgreSQL SQLSTATE 53100): nothing was saved");
    }

    @Test
    void mariadb_byErrorCode() {
        assertThat(kind(MYSQL, new SQLException("Cannot execute statement in a READ ONLY transaction", "25006", 1792)))
                .contains(Outage.Kind.READ_ONLY);
        assertThat(kind(MYSQL, new SQLException("The MariaDB server is running with the --read-only option so it"
                + " cannot execute this statement", "HY000", 1290))).contains(Outage.Kind.READ_ONLY);
        assertThat(kind(MYSQL, new SQLException("The MariaDB server is running with the --secure-file-priv option",
                "HY000", 1290))).as("1290 for another option").isEmpty();
        assertThat(kind(MYSQL, new SQLException("Disk full (/var/tmp/#sql)", "HY000", 1021))).contains(Outage.Kind.DISK_FULL);
        assertThat(kind(MYSQL, new SQLException("The table 'task__output' is full", "HY000", 1114))).contains(Outage.Kind.DISK_FULL);
        assertThat(kind(MYSQL, new SQLException("Got error 28 \"No space left on device\" from storage engine", "HY000", 1030)))
                .contains(Outage.Kind.DISK_FULL);
        assertThat(kind(MYSQL, new SQLException("Too many connections", "08004", 1040))).contains(Outage.Kind.OUT_OF_RESOURCES);
        assertThat(kind(MYSQL, new SQLException("Could not connect", "08000", -1))).contains(Outage.Kind.UNREACHABLE);
        assertThat(kind(MYSQL, new SQLException("Duplicate entry", "23000", 1062))).isEmpty();
    }

    @Test
    void poolTimeout_namesTheFailureOfItsLastAttempt_orTheTimeoutAlone() {
        SQLTransientConnectionException cantOpen = new SQLTransientConnectionException(
                "semaphore-sqlite - Connection is not available, request timed out after 10000ms", null, sqlite(14));
        assertThat(Database.outage(SQLITE, new RuntimeException(cantOpen)).orElseThrow().message())
                .startsWith("The database cannot be reached (SQLite SQLITE_CANTOPEN): ");
        SQLTransientConnectionException bare = new SQLTransientConnectionException(
                "semaphore-postgres - Connection is not available, request timed out after 10000ms");
        assertThat(Database.outage(POSTGRES, bare).orElseThrow().message())
                .startsWith("The database cannot be reached (no connection within 10 s): ");
        assertThat(Database.outage(POSTGRES, new IllegalStateException("a bug"))).isEmpty();
    }
}
