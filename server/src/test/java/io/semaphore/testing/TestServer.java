package io.semaphore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.app.Server;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigLoader;
import io.semaphore.user.FirstAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The real server on a random port over a fresh database of the given kind, configured through a real
 * config.json, with an administrator {@code admin}/{@value #ADMIN_PASSWORD}.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-1";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final Path dir;
    private final TestDatabase db;
    private final Server server;
    private final String base;

    private TestServer(Path dir, TestDatabase db, Server server) {
        this.dir = dir;
        this.db = db;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
    }

    public static TestServer start(DbKind kind) {
        return start(kind, c -> {});
    }

    /** Starts with config.json keys adjusted by {@code configure}. */
    public static TestServer start(DbKind kind, Consumer<ObjectNode> configure) {
        Path dir;
        try {
            dir = Files.createTempDirectory("semaphore-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestDatabase db = TestDatabase.create(kind, dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("dialect", kind.dialect);
        root.set(kind.dialect, json.valueToTree(db.config()));
        root.put("port", "0");
        root.put("interface", "127.0.0.1");
        root.put("tmp_path", dir.resolve("tmp").toString());
        configure.accept(root);
        Path file = dir.resolve("config.json");
        ConfigLoader loader = new ConfigLoader(Map.of(), dir);
        loader.save(file, root);
        Config config = loader.load(file, false);
        Server server = new Server(Server.Services.open(config, Clock.systemUTC()));
        try {
            FirstAdmin.ensure(server.services().users(),
                    Map.of("SEMAPHORE_ADMIN", "admin", "SEMAPHORE_ADMIN_PASSWORD", ADMIN_PASSWORD));
            server.start();
        } catch (RuntimeException e) {
            server.close();
            db.close();
            throw e;
        }
        return new TestServer(dir, db, server);
    }

    /**
     * Another node of this server: its own process state, port and work folder, on the same database and with the
     * same config.json secrets (so sessions and keys made on one node work on the other). Closing it leaves the
     * database to this server.
     */
    public TestServer startNode(Consumer<ObjectNode> configure) {
        try {
            Path nodeDir = Files.createTempDirectory("semaphore-node-");
            Path config = nodeConfig(nodeDir, configure);
            ConfigLoader loader = new ConfigLoader(Map.of(), nodeDir);
            Server node = new Server(Server.Services.open(loader.load(config, false), Clock.systemUTC()));
            try {
                node.start();
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            return new TestServer(nodeDir, null, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code nodeDir/config.json} for another node of this server (same database and secrets, any port, its
     * own tmp_path in {@code nodeDir} unless {@code configure} sets one); returns its path.
     */
    public Path nodeConfig(Path nodeDir, Consumer<ObjectNode> configure) {
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(dir.resolve("config.json").toFile());
            root.put("port", "0");
            root.put("tmp_path", nodeDir.resolve("tmp").toString());
            configure.accept(root);
            Path file = nodeDir.resolve("config.json");
            new ConfigLoader(Map.of(), nodeDir).save(file, root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Server.Services services() {
        return server.services();
    }

    public String baseUrl() {
        return base;
    }

    public Path dir() {
        return dir;
    }

    /** The /api routes the running server registered, with their declared access. */
    public java.util.List<io.semaphore.api.RegisteredRoutes.Route> routeTable() {
        return server.routeTable();
    }

    public ApiClient anonymous() {
        return new ApiClient(base);
    }

    public ApiClient login(String login, String password) {
        ApiClient c = new ApiClient(base);
        ApiClient.Response r = c.post("/api/auth/login", Map.of("auth", login, "password", password));
        assertThat(r.status()).as("login %s: %s", login, r.body()).isEqualTo(204);
        return c;
    }

    public ApiClient admin() {
        return login("admin", ADMIN_PASSWORD);
    }

    /** A signed-in user, created by the admin through the API; returns the client and the user's id. */
    public record NewUser(int id, String login, ApiClient client) {}

    public NewUser newUser(boolean admin) {
        String login = "user" + USERS.incrementAndGet();
        ApiClient.Response r = admin().post("/api/users", Map.of("username", login, "name", "User " + login,
                "email", login + "@example.com", "password", "pw-" + login, "admin", admin));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new NewUser(r.json().get("id").asInt(), login, login(login, "pw-" + login));
    }

    @Override
    public void close() {
        server.close();
        if (db != null) { // null on a second node: the first one owns the database
            db.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans up eventually
        }
    }
}
