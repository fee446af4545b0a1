package io.semaphore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the API test classes: each runs once per database kind (SQLite, PostgreSQL, MariaDB) against one real
 * server on a fresh database of that kind, started before the class's tests and stopped after them. A class that
 * needs config.json keys of its own names a {@link Config}.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
public abstract class ServerOnEachDatabase {
    @Parameter
    protected DbKind db;

    protected static TestServer server;

    /** config.json keys a test class sets before its server starts (such as a stand-in app's path). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Config {
        /** Adjusts config.json; needs a no-argument constructor. */
        Class<? extends Consumer<ObjectNode>> value();
    }

    @BeforeParameterizedClassInvocation
    static void startServer(DbKind db, TestInfo test) {
        Config config = test.getTestClass().map(c -> c.getAnnotation(Config.class)).orElse(null);
        server = config == null ? TestServer.start(db) : TestServer.start(db, configurer(config.value()));
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

    private static Consumer<ObjectNode> configurer(Class<? extends Consumer<ObjectNode>> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot create " + type.getName() + " of @Config", e);
        }
    }
}
