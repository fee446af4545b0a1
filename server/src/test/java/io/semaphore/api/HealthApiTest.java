package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.db.DatabaseHealth;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The public health routes: liveness always, readiness only with a database that answers and a complete schema. */
class HealthApiTest extends ServerOnEachDatabase {

    @Test
    void live_andReady_answer200_withoutSigningIn() {
        ApiClient anonymous = server.anonymous();
        ApiClient.Response live = anonymous.get("/api/health/live");
        assertThat(live.status()).as(live.body()).isEqualTo(200);
        assertThat(live.header("Content-Type")).startsWith("application/json");
        assertThat(live.json().get("status").asText()).isEqualTo("ok");

        ApiClient.Response ready = anonymous.get("/api/health/ready");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.header("Content-Type")).startsWith("application/json");
        assertThat(ready.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = ready.json();
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.has("error")).isFalse();
        assertThat(body.get("checks").get("database").asText()).isEqualTo("ok");
        assertThat(body.get("checks").get("migrations").asText()).isEqualTo("ok");
    }

    @Test
    void ready_is503_namingTheMigration_whenOneIsNotApplied() {
        try (TestServer own = TestServer.start(db)) {
            String latest = own.services().db().read(h -> h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank DESC")
                    .mapTo(String.class).first());
            own.services().db().run(h -> h.createUpdate("DELETE FROM flyway_schema_history WHERE version = :v")
                    .bind("v", latest).execute());

            ApiClient.Response ready = own.anonymous().get("/api/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(503);
            assertThat(ready.json().get("status").asText()).isEqualTo("not ready");
            assertThat(ready.error()).startsWith("Not ready: migrations: not applied: " + latest)
                    .contains("semaphore migrate");
            assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("ok");
            assertThat(own.anonymous().get("/api/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void ready_is503_whenTheDatabaseIsClosed_whileLiveStays200() {
        try (TestServer own = TestServer.start(db)) {
            assertThat(own.anonymous().get("/api/health/ready").status()).isEqualTo(200);
            own.services().db().close();

            ApiClient.Response ready = own.anonymous().get("/api/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(503);
            assertThat(ready.error()).isEqualTo(
                    "Not ready: database: does not answer a query (see the server log for the cause)");
            assertThat(ready.json().get("checks").get("migrations").asText()).isEqualTo("unknown");
            // the cause stays in the log: nothing of the driver's message reaches an anonymous caller
            assertThat(ready.body()).doesNotContainIgnoringCase("hikari").doesNotContain("Exception");
            assertThat(own.anonymous().get("/api/health/live").status()).isEqualTo(200);
        }
    }

    /** A database that holds the check (here: a lock on the schema history) is not ready, and the probe returns. */
    @Test
    void check_givesUpAfterItsTimeLimit_whenTheDatabaseDoesNotAnswer() throws Exception {
        // SQLite in WAL mode never blocks a reader, so there is no way to make it hang here
        assumeTrue(db != DbKind.SQLITE, "SQLite readers are never blocked");
        try (TestServer own = TestServer.start(db);
             Connection locker = own.services().db().dataSource().getConnection();
             Statement s = locker.createStatement()) {
            if (db == DbKind.POSTGRES) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
            } else {
                s.execute("LOCK TABLES flyway_schema_history WRITE");
            }
            try {
                long start = System.nanoTime();
                DatabaseHealth.Status status = new DatabaseHealth(own.services().db(), Duration.ofSeconds(1)).check();
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(status.ready()).isFalse();
                assertThat(status.problem()).isEqualTo("database: no answer within 1 s");
                assertThat(tookMs).isBetween(900L, 5_000L);
            } finally {
                if (db == DbKind.POSTGRES) {
                    locker.rollback();
                    locker.setAutoCommit(true);
                } else {
                    s.execute("UNLOCK TABLES");
                }
            }
            assertThat(new DatabaseHealth(own.services().db(), Duration.ofSeconds(5)).check().ready()).isTrue();
        }
    }
}
