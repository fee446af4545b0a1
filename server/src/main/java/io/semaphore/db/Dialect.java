package io.semaphore.db;

import com.zaxxer.hikari.HikariConfig;
import org.jdbi.v3.core.Jdbi;
import io.semaphore.config.DbConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Everything that differs between SQLite, PostgreSQL and MySQL/MariaDB, and nothing else: connection settings,
 * the Flyway folder, and how constraint violations and the database's states (read-only, full) are recognised. Stores write one SQL for all three
 * (identifiers in "double quotes": MySQL sessions run with ANSI_QUOTES) and ask the dialect where they must differ.
 */
public sealed interface Dialect permits Dialect.Sqlite, Dialect.Postgres, Dialect.Mysql {

    /** The config.json name: sqlite, postgres or mysql. */
    String name();

    /** Folder under db/migration holding this vendor's Flyway scripts. */
    String migrationFolder();

    /** Fills URL, credentials and per-connection settings. */
    void configure(HikariConfig hikari, DbConfig db);

    /** Creates the configured database when the server is reachable but the database is not there yet. */
    default void createDatabaseIfMissing(DbConfig db) {}

    /** True when the exception is a UNIQUE or primary key violation. */
    boolean isUniqueViolation(SQLException e);

    /** True when the exception is a foreign key violation (a row still in use, or a missing parent). */
    boolean isForeignKeyViolation(SQLException e);

    /**
     * The database state (read-only, full, unreachable ...) this exception reports, if it reports one; the
     * vendor's own codes. Connection failures (SQLSTATE class 08) are recognised for every vendor by {@link Database}.
     */
    Optional<Outage> outage(SQLException e);

    /** Jdbi settings for this database (after the pool is made). */
    default void configure(Jdbi jdbi) {}

    /** Binds an instant in plain JDBC (hot paths that bypass Jdbi), stored as Jdbi stores it. */
    default void bindTime(PreparedStatement ps, int index, Instant time) throws SQLException {
        ps.setTimestamp(index, Timestamp.from(time));
    }

    /**
     * Appended to a SELECT to lock the rows it reads until the transaction ends. Empty on SQLite, where a write
     * transaction already excludes every other writer (they begin IMMEDIATE).
     */
    default String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * SQL for the seconds (with fractions) from timestamp column {@code from} to {@code to}: how each vendor
     * subtracts times (SQLite holds epoch milliseconds).
     */
    String secondsBetween(String from, String to);

    static Dialect of(String name) {
        return switch (name) {
            case "sqlite" -> new Sqlite();
            case "postgres" -> new Postgres();
            case "mysql" -> new Mysql();
            default -> throw new IllegalArgumentException("unknown dialect " + name);
        };
    }

    private static String query(Map<String, String> options) {
        return options.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Connects to {@code url}; when the server answers that the database does not exist ({@code missing}), runs
     * {@code create} through {@code serverUrl}. Any other connection failure is left for the pool to report.
     */
    private static void createIfMissing(DbConfig db, String url, Predicate<SQLException> missing, String serverUrl,
                                        String create) {
        try (Connection ignored = DriverManager.getConnection(url, db.user(), db.pass())) {
            return;
        } catch (SQLException e) {
            if (!missing.test(e)) {
                return; // let the pool report the real connection problem
            }
        }
        try (Connection c = DriverManager.getConnection(serverUrl, db.user(), db.pass());
             Statement s = c.createStatement()) {
            s.execute(create);
        } catch (SQLException e) {
            throw new DatabaseException("Database " + db.name() + " does not exist and could not be created: "
                    + e.getMessage(), e);
        }
    }

    /** Embedded default: one file, WAL journal, foreign keys on, writers queue on a busy timeout. */
    record Sqlite() implements Dialect {
        @Override
        public String secondsBetween(String from, String to) {
            return "((" + to + " - " + from + ") / 1000.0)";
        }

        @Override
        public String name() {
            return "sqlite";
        }

        @Override
        public String migrationFolder() {
            return "sqlite";
        }

        @Override
        public void configure(HikariConfig hikari, DbConfig db) {
            hikari.setJdbcUrl("jdbc:sqlite:" + db.host());
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", "15000");
            // A write transaction takes the write lock at BEGIN, so two writers queue instead of deadlocking.
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            db.options().forEach(hikari::addDataSourceProperty);
            hikari.setMaximumPoolSize(4);
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("UNIQUE constraint failed") || m.contains("PRIMARY KEY constraint failed");
        }

        @Override
        public boolean isForeignKeyViolation(SQLException e) {
            return String.valueOf(e.getMessage()).contains("FOREIGN KEY constraint failed");
        }

        @Override
        public String forUpdate() {
            return "";
        }

        /** By primary result code (the low byte of an extended one such as SQLITE_READONLY_DBMOVED). */
        @Override
        public Optional<Outage> outage(SQLException e) {
            int code = e.getErrorCode();
            Outage.Kind kind = switch (code & 0xFF) {
                case 8 -> Outage.Kind.READ_ONLY;
                case 10 -> Outage.Kind.IO_ERROR;
                case 13 -> Outage.Kind.DISK_FULL;
                case 14 -> Outage.Kind.UNREACHABLE;
                default -> null;
            };
            if (kind == null) {
                return Optional.empty();
            }
            String name = switch (code & 0xFF) {
                case 8 -> "SQLITE_READONLY";
                case 10 -> "SQLITE_IOERR";
                case 13 -> "SQLITE_FULL";
                default -> "SQLITE_CANTOPEN";
            };
            return Optional.of(new Outage(kind, "SQLite " + name + ((code & ~0xFF) == 0 ? "" : ", extended code " + code)));
        }

        /** sqlite-jdbc compiles every statement anew; keep them per connection (see {@link SqliteStatementCache}). */
        @Override
        public void configure(Jdbi jdbi) {
            jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        }

        /**
         * The driver stores a timestamp as epoch milliseconds (its default date class) after a detour through
         * {@link java.util.Calendar}; binding the number directly stores the same value for a fraction of the cost.
         */
        @Override
        public void bindTime(PreparedStatement ps, int index, Instant time) throws SQLException {
            ps.setLong(index, time.toEpochMilli());
        }
    }

    record Postgres() implements Dialect {
        @Override
        public String secondsBetween(String from, String to) {
            return "EXTRACT(EPOCH FROM (" + to + " - " + from + "))";
        }

        @Override
        public String name() {
            return "postgres";
        }

        @Override
        public String migrationFolder() {
            return "postgresql";
        }

        @Override
        public void configure(HikariConfig hikari, DbConfig db) {
            String q = query(db.options());
            hikari.setJdbcUrl("jdbc:postgresql://" + db.host() + "/" + db.name() + (q.isEmpty() ? "" : "?" + q));
            // Batches (task output) become multi-row INSERTs: several times faster for big logs.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            hikari.setUsername(db.user());
            hikari.setPassword(db.pass());
            hikari.setMaximumPoolSize(10);
        }

        /** SQLSTATE 3D000: the database does not exist; created through the maintenance database postgres. */
        @Override
        public void createDatabaseIfMissing(DbConfig db) {
            createIfMissing(db, "jdbc:postgresql://" + db.host() + "/" + db.name(), e -> "3D000".equals(e.getSQLState()),
                    "jdbc:postgresql://" + db.host() + "/postgres", "CREATE DATABASE \"" + db.name().replace("\"", "") + "\"");
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        public boolean isForeignKeyViolation(SQLException e) {
            return "23503".equals(e.getSQLState());
        }

        /** 25006 read-only transaction (a replica, default_transaction_read_only), class 53 resources, 57P0x shutdown. */
        @Override
        public Optional<Outage> outage(SQLException e) {
            String state = e.getSQLState();
            if (state == null) {
                return Optional.empty();
            }
            Outage.Kind kind = switch (state) {
                case "25006" -> Outage.Kind.READ_ONLY;
                case "53100" -> Outage.Kind.DISK_FULL;
                case "57P01", "57P02", "57P03" -> Outage.Kind.UNREACHABLE;
                default -> state.startsWith("53") ? Outage.Kind.OUT_OF_RESOURCES : null;
            };
            return kind == null ? Optional.empty() : Optional.of(new Outage(kind, "PostgreSQL SQLSTATE " + state));
        }
    }

    /** MySQL 8 and MariaDB 10.6+, through the MariaDB driver. */
    record Mysql() implements Dialect {
        @Override
        public String secondsBetween(String from, String to) {
            return "(TIMESTAMPDIFF(MICROSECOND, " + from + ", " + to + ") / 1000000.0)";
        }

        @Override
        public String name() {
            return "mysql";
        }

        @Override
        public String migrationFolder() {
            return "mysql";
        }

        /** {@code options} go to the driver as properties: it does not decode URL-encoded values ("a%3D1"). */
        @Override
        public void configure(HikariConfig hikari, DbConfig db) {
            hikari.setJdbcUrl("jdbc:mariadb://" + db.host() + "/" + db.name());
            db.options().forEach(hikari::addDataSourceProperty);
            hikari.setUsername(db.user());
            hikari.setPassword(db.pass());
            // One SQL for all dialects: "double quotes" quote identifiers here too; UTC for DATETIME columns.
            hikari.setConnectionInitSql("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES'), time_zone = '+00:00'");
            hikari.setMaximumPoolSize(10);
        }

        /** Error 1049: unknown database; created through the server's URL without a database. */
        @Override
        public void createDatabaseIfMissing(DbConfig db) {
            createIfMissing(db, "jdbc:mariadb://" + db.host() + "/" + db.name(), e -> e.getErrorCode() == 1049,
                    "jdbc:mariadb://" + db.host() + "/", "CREATE DATABASE `" + db.name().replace("`", "") + "` CHARACTER SET utf8mb4");
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return e.getErrorCode() == 1062;
        }

        @Override
        public boolean isForeignKeyViolation(SQLException e) {
            return e.getErrorCode() == 1451 || e.getErrorCode() == 1452;
        }

        /**
         * Read-only: 1290 for --read-only (the code also serves other options, hence the message check), 1792 a
         * read-only transaction, 1036 a read-only table, 1874 InnoDB read-only. Full: 1021 disk full, 1114 table
         * full, or the OS's ENOSPC in any message. 1040/1203 too many connections, 1927 connection killed.
         */
        @Override
        public Optional<Outage> outage(SQLException e) {
            int code = e.getErrorCode();
            String message = String.valueOf(e.getMessage());
            Outage.Kind kind = switch (code) {
                case 1792, 1036, 1874 -> Outage.Kind.READ_ONLY;
                case 1290 -> message.contains("read-only") || message.contains("read_only") ? Outage.Kind.READ_ONLY : null;
                case 1021, 1114 -> Outage.Kind.DISK_FULL;
                case 1040, 1203 -> Outage.Kind.OUT_OF_RESOURCES;
                case 1927 -> Outage.Kind.UNREACHABLE;
                default -> message.contains("No space left on device") ? Outage.Kind.DISK_FULL : null;
            };
            return kind == null ? Optional.empty() : Optional.of(new Outage(kind, "MariaDB/MySQL error " + code));
        }
    }
}
