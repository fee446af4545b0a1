package io.semaphore.testing;

import io.semaphore.config.DbConfig;
import io.semaphore.db.Database;
import io.semaphore.db.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database of one kind for one test class, dropped afterwards. PostgreSQL and MariaDB are the
 * local servers (127.0.0.1, trust / root without password; override with SEMAPHORE_TEST_PG_HOST, _PG_USER,
 * _MYSQL_HOST, _MYSQL_USER). When one is unreachable the tests are skipped, except when CI=true or
 * SEMAPHORE_TEST_REQUIRE_DATABASES=true: then they fail, so CI can never pass without all three.
 */
public final class TestDatabase implements AutoCloseable {
    private final DbKind kind;
    private final DbConfig config;
    private final Runnable drop;

    private TestDatabase(DbKind kind, DbConfig config, Runnable drop) {
        this.kind = kind;
        this.config = config;
        this.drop = drop;
    }

    public DbKind kind() {
        return kind;
    }

    public DbConfig config() {
        return config;
    }

    /** A pool on this database, with the server's settings for its kind (not migrated). */
    public Database open() {
        return Database.open(Dialect.of(kind.dialect), config);
    }

    public static TestDatabase create(DbKind kind, Path dir) {
        String name = "sem_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return switch (kind) {
            case SQLITE -> {
                record(kind + " used");
                yield new TestDatabase(kind, new DbConfig(dir.resolve("test.sqlite").toString(), "", "", "", Map.of()), () -> {});
            }
            case POSTGRES -> {
                String host = env("SEMAPHORE_TEST_PG_HOST", "127.0.0.1:5432");
                String user = env("SEMAPHORE_TEST_PG_USER", "postgres");
                String admin = "jdbc:postgresql://" + host + "/postgres";
                exec(kind, admin, user, "CREATE DATABASE " + name);
                yield new TestDatabase(kind, new DbConfig(host, user, "", name, Map.of()),
                        () -> exec(kind, admin, user, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
            }
            case MYSQL -> {
                String host = env("SEMAPHORE_TEST_MYSQL_HOST", "127.0.0.1:3306");
                String user = env("SEMAPHORE_TEST_MYSQL_USER", "root");
                String admin = "jdbc:mariadb://" + host + "/";
                exec(kind, admin, user, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
                yield new TestDatabase(kind, new DbConfig(host, user, "", name, Map.of()),
                        () -> exec(kind, admin, user, "DROP DATABASE IF EXISTS " + name));
            }
        };
    }

    private static void exec(DbKind kind, String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
            if (sql.startsWith("CREATE")) {
                record(kind + " used");
            }
        } catch (SQLException e) {
            String why = kind + " is not reachable at " + url + ": " + e.getMessage();
            record(kind + " skipped: " + why);
            if (required()) {
                throw new IllegalStateException(why + " (required: CI=true or SEMAPHORE_TEST_REQUIRE_DATABASES=true)", e);
            }
            Assumptions.abort(why);
        }
    }

    /** Appends to target/test-databases.txt, which .ci/run reads to prove no database was left out. */
    private static synchronized void record(String line) {
        try {
            java.nio.file.Path f = java.nio.file.Path.of("target", "test-databases.txt");
            java.nio.file.Files.createDirectories(f.getParent());
            java.nio.file.Files.writeString(f, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException ignored) {
            // only a record for CI; the test itself goes on
        }
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("SEMAPHORE_TEST_REQUIRE_DATABASES"));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        drop.run();
    }
}
