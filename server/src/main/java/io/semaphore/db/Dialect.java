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
import java.util.stream.Collectors;

/**
 * Everything that differs between SQLite, PostgreSQL and MySQL/MariaDB, and nothing else: connection settings,
 * the Flyway folder, and how constraint violations are recognised. Stores write one SQL for all three
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

    /** Embedded default: one file, WAL journal, foreign keys on, writers queue on a busy timeout. */
    record Sqlite() implements Dialect {
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

        @Override
        public void createDatabaseIfMissing(DbConfig db) {
            String url = "jdbc:postgresql://" + db.host() + "/" + db.name();
            try (Connection ignored = DriverManager.getConnection(url, db.user(), db.pass())) {
                return;
            } catch (SQLException e) {
                if (!"3D000".equals(e.getSQLState())) {
                    return; // let the pool report the real connection problem
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + db.host() + "/postgres", db.user(), db.pass());
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + db.name().replace("\"", "") + "\"");
            } catch (SQLException e) {
                throw new DatabaseException("Database " + db.name() + " does not exist and could not be created: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        public boolean isForeignKeyViolation(SQLException e) {
            return "23503".equals(e.getSQLState());
        }
    }

    /** MySQL 8 and MariaDB 10.6+, through the MariaDB driver. */
    record Mysql() implements Dialect {
        @Override
        public String name() {
            return "mysql";
        }

        @Override
        public String migrationFolder() {
            return "mysql";
        }

        @Override
        public void configure(HikariConfig hikari, DbConfig db) {
            String q = query(db.options());
            hikari.setJdbcUrl("jdbc:mariadb://" + db.host() + "/" + db.name() + (q.isEmpty() ? "" : "?" + q));
            hikari.setUsername(db.user());
            hikari.setPassword(db.pass());
            // One SQL for all dialects: "double quotes" quote identifiers here too; UTC for DATETIME columns.
            hikari.setConnectionInitSql("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES'), time_zone = '+00:00'");
            hikari.setMaximumPoolSize(10);
        }

        @Override
        public void createDatabaseIfMissing(DbConfig db) {
            try (Connection ignored = DriverManager.getConnection("jdbc:mariadb://" + db.host() + "/" + db.name(), db.user(), db.pass())) {
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != 1049) {
                    return;
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + db.host() + "/", db.user(), db.pass());
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE `" + db.name().replace("`", "") + "` CHARACTER SET utf8mb4");
            } catch (SQLException e) {
                throw new DatabaseException("Database " + db.name() + " does not exist and could not be created: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return e.getErrorCode() == 1062;
        }

        @Override
        public boolean isForeignKeyViolation(SQLException e) {
            return e.getErrorCode() == 1451 || e.getErrorCode() == 1452;
        }
    }
}
