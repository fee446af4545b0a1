package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A database that is read-only, full or gone answers every request, sign-in included, with a 503 naming the cause
 * instead of an opaque 500. Real databases in those states, switched while the server runs: a SQLite file made
 * read-only, a SQLite node with a page limit, PostgreSQL switched to read-only transactions, a MariaDB node whose
 * sessions are read-only, and databases whose file or name disappear. Other tests' databases are never touched.
 */
class DatabaseOutageApiTest extends ServerOnEachDatabase {

    /** The server's pool drops its connections, as it does when they age out: new ones see the database's new state. */
    private static void reconnect(TestServer s) {
        ((HikariDataSource) s.services().db().dataSource()).getHikariPoolMXBean().softEvictConnections();
    }

    private static String apiToken() {
        ApiClient.Response r = server.admin().post("/api/user/tokens", "{}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** A second node of the server, on the same database, opened with extra connection options. */
    private TestServer nodeWithOptions(Map<String, String> options) {
        return server.startNode(root -> {
            ObjectNode block = (ObjectNode) root.get(db.dialect);
            ObjectNode opts = block.putObject("options");
            options.forEach(opts::put);
        });
    }

    private static void postgresAdmin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void assertSignInAndWritesAre503(TestServer s, String token, String expectedStart) {
        ApiClient.Response login = s.anonymous().post("/api/auth/login",
                Map.of("auth", "admin", "password", TestServer.ADMIN_PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(503);
        assertThat(login.error()).startsWith(expectedStart);
        ApiClient.Response create = s.anonymous().withBearer(token).post("/api/projects", Map.of("name", "Not saved"));
        assertThat(create.status()).as(create.body()).isEqualTo(503);
        assertThat(create.error()).startsWith(expectedStart);
    }

    @Test
    void readOnlyDatabase_answers503NamingIt() throws Exception {
        String token = apiToken();
        switch (db) {
            case SQLITE -> {
                // A server of its own: its database file is made read-only under it (this class's server stays as it is).
                TestServer frozen = TestServer.start(db);
                Path file = frozen.dir().resolve("test.sqlite");
                try {
                    String own = frozen.admin().post("/api/user/tokens", "{}").json().get("id").asText();
                    makeReadOnly(file);
                    reconnect(frozen);
                    assertThat(frozen.anonymous().withBearer(own).get("/api/projects").status())
                            .as("reading still works").isEqualTo(200);
                    assertSignInAndWritesAre503(frozen, own,
                            "The database is read-only (SQLite SQLITE_READONLY): nothing was saved; make it writable");
                } finally {
                    makeWritable(file);
                    frozen.close();
                }
            }
            case POSTGRES -> {
                String name = server.services().config().database().name();
                postgresAdmin("ALTER DATABASE " + name + " SET default_transaction_read_only = on");
                try {
                    reconnect(server);
                    assertThat(server.anonymous().withBearer(token).get("/api/projects").status()).isEqualTo(200);
                    assertSignInAndWritesAre503(server, token,
                            "The database is read-only (PostgreSQL SQLSTATE 25006): nothing was saved; make it writable");
                } finally {
                    postgresAdmin("ALTER DATABASE " + name + " RESET default_transaction_read_only");
                    reconnect(server);
                }
                assertThat(server.admin().post("/api/projects", Map.of("name", "Saved again")).status())
                        .as("writable again").isEqualTo(201);
            }
            case MYSQL -> {
                try (TestServer readOnly = nodeWithOptions(Map.of("sessionVariables", "tx_read_only=1"))) {
                    assertThat(readOnly.anonymous().withBearer(token).get("/api/projects").status()).isEqualTo(200);
                    assertSignInAndWritesAre503(readOnly, token, "The database is read-only (MariaDB/MySQL error 1792)");
                }
            }
        }
        assertThat(server.admin().get("/api/projects").status()).as("the server itself is unharmed").isEqualTo(200);
    }

    @Test
    void fullDatabase_answers503NamingIt() {
        assumeTrue(db == DbKind.SQLITE, "a full disk can be provoked for SQLite alone (max_page_count); filling the"
                + " disk of the shared PostgreSQL/MariaDB servers would break everyone's tests. Their codes are"
                + " covered by db.DatabaseOutageTest");
        String token = apiToken();
        int project = createProject(server.admin(), "Full");
        int pages = server.services().db().read(h -> h.createQuery("PRAGMA page_count").mapTo(Integer.class).one());
        try (TestServer full = nodeWithOptions(Map.of("max_page_count", String.valueOf(pages)))) {
            String big = "{\"blob\": \"" + "x".repeat(600_000) + "\"}";
            ApiClient.Response r = full.anonymous().withBearer(token).post("/api/project/" + project + "/environment",
                    Map.of("name", "Too big", "json", big));
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.error()).startsWith("The database disk is full (SQLite SQLITE_FULL): nothing was saved; free space");
        }
        assertThat(server.admin().get("/api/project/" + project + "/environment").body()).doesNotContain("Too big");
    }

    @Test
    void unreachableDatabase_answers503NamingIt() throws Exception {
        assumeTrue(db != DbKind.MYSQL, "MariaDB cannot be taken from one running server here without taking it from"
                + " everyone (it is shared, and the tests connect as root); SQLite and PostgreSQL cover the mapping of"
                + " the pool's time-out, and db.DatabaseOutageTest MariaDB's connection codes");
        TestServer gone = TestServer.start(db);
        try {
            String token = gone.admin().post("/api/user/tokens", "{}").json().get("id").asText();
            Consumer<Boolean> makeGone = db == DbKind.SQLITE ? away -> deleteFolder(gone.dir()) : away -> renameDatabase(gone, away);
            makeGone.accept(true);
            try {
                reconnect(gone);
                ApiClient.Response r = gone.anonymous().withBearer(token).get("/api/projects");
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.error()).startsWith(db == DbKind.SQLITE
                        ? "The database cannot be reached (SQLite SQLITE_CANTOPEN): check that it is running"
                        : "The database cannot be reached (no connection within 10 s): check that it is running");
            } finally {
                if (db == DbKind.POSTGRES) {
                    makeGone.accept(false);
                }
            }
        } finally {
            gone.close();
        }
    }

    /**
     * Takes write permission away; root ignores permissions, so as root the file is also made immutable (chattr),
     * which root cannot write either. Where neither works the test cannot run here and says why.
     */
    private static void makeReadOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        if (Files.isWritable(file)) {
            run("chattr", "+i", file.toString());
        }
        assumeTrue(!Files.isWritable(file), "cannot make " + file + " read-only here: running as root without"
                + " chattr (CAP_LINUX_IMMUTABLE)");
    }

    private static void makeWritable(Path file) throws Exception {
        run("chattr", "-i", file.toString());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Runs a command, ignoring its failure (the caller checks what it wanted). */
    private static void run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (java.io.IOException e) {
            // not installed: the caller's check decides
        }
    }

    private static void deleteFolder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(dir).doesNotExist();
    }

    /** Renames the server's PostgreSQL database away (its sessions ended first), or back. */
    private static void renameDatabase(TestServer s, boolean away) {
        String name = s.services().config().database().name();
        try {
            if (away) {
                postgresAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                postgresAdmin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                postgresAdmin("ALTER DATABASE " + name + " RENAME TO " + name + "_gone");
            } else {
                postgresAdmin("ALTER DATABASE " + name + "_gone RENAME TO " + name);
                postgresAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
