package io.semaphore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the API test classes: each runs once per database kind (SQLite, PostgreSQL, MariaDB) against one real
 * server on a fresh database of that kind, started before the class's tests and stopped after them.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
public abstract class ServerOnEachDatabase {
    @Parameter
    protected DbKind db;

    protected static TestServer server;

    @BeforeParameterizedClassInvocation
    static void startServer(DbKind db) {
        server = TestServer.start(db);
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        server.close();
        server = null;
    }

    /** A new project of {@code c}'s user; fails the test unless it was created. */
    protected static int createProject(ApiClient c, String name) {
        ApiClient.Response r = c.post("/api/projects", Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }
}
