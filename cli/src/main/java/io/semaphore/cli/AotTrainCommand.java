package io.semaphore.cli;

import io.semaphore.app.Server;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigException;
import io.semaphore.user.FirstAdmin;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code semaphore aot-train}: the training run of the JDK AOT cache, started by the {@code ./semaphore} launcher
 * with {@code -XX:AOTCacheOutput} after a build. It starts the real server on a throwaway SQLite database (the
 * launcher points {@code SEMAPHORE_DATA_DIR} at a temporary folder), makes the requests a first visit makes (ping,
 * sign-in, current user, projects) so the classes they load land in the cache, then stops. Hidden: not for users.
 */
@Command(name = "aot-train", hidden = true, description = "Training run for the JDK AOT cache (used by ./semaphore)")
final class AotTrainCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @Option(names = "--rounds", defaultValue = "10", description = "How many times to repeat the requests")
    int rounds;

    private final Cli cli;

    AotTrainCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        Config config = cli.config();
        if (!config.dialect().equals("sqlite")) {
            throw new ConfigException("aot-train runs only on a throwaway SQLite database (found dialect '"
                    + config.dialect() + "'); set SEMAPHORE_DATA_DIR to an empty temporary folder");
        }
        String password = cli.env().getOrDefault("SEMAPHORE_ADMIN_PASSWORD", "");
        if (password.isEmpty()) {
            throw new ConfigException("aot-train needs SEMAPHORE_ADMIN_PASSWORD");
        }
        String login = cli.env().getOrDefault("SEMAPHORE_ADMIN", "").isBlank() ? "admin"
                : cli.env().get("SEMAPHORE_ADMIN").trim();
        try (Server server = new Server(Server.Services.open(config, Clock.systemUTC()))) {
            FirstAdmin.ensure(server.services().users(), cli.env());
            int port = server.start();
            exercise("http://127.0.0.1:" + port, login, password);
        } catch (IOException e) {
            throw new IllegalStateException("AOT training request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("AOT training interrupted", e);
        }
        cli.out().println("AOT training run done");
    }

    private void exercise(String base, String login, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        Client c = new Client(http, base);
        for (int i = 0; i < Math.max(1, rounds); i++) {
            c.expect(200, "GET", "/api/ping", null);
            c.expect(401, "GET", "/api/user", null); // signed out (each round ends with a logout): the error path
            c.expect(200, "GET", "/api/auth/login", null);
            c.expect(204, "POST", "/api/auth/login",
                    "{\"auth\":" + quote(login) + ",\"password\":" + quote(password) + "}");
            c.expect(200, "GET", "/api/user", null);
            c.expect(200, "GET", "/api/info", null);
            c.expect(201, "POST", "/api/projects", "{\"name\":\"AOT training " + i + "\"}");
            c.expect(200, "GET", "/api/projects", null);
            c.expect(200, "GET", "/api/users", null);
            c.expect(404, "GET", "/api/no-such-path", null);
            c.expect(204, "POST", "/api/auth/logout", null);
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private record Client(HttpClient http, String base) {
        void expect(int status, String method, String path, String json) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            if (json != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != status) {
                throw new IOException(method + " " + path + " returned " + r.statusCode() + " (expected " + status
                        + "): " + r.body());
            }
        }
    }
}
