package io.semaphore.cli;

import io.semaphore.app.Server;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigException;
import io.semaphore.user.FirstAdmin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
        try (Server server = Server.open(config, Clock.systemUTC())) {
            FirstAdmin.ensure(server.services().users(), cli.env());
            int port = server.start();
            exercise(port, login, password);
        } catch (IOException e) {
            throw new IllegalStateException("AOT training request failed: " + e.getMessage(), e);
        }
        cli.out().println("AOT training run done");
    }

    private void exercise(int port, String login, String password) throws IOException {
        Client c = new Client(port);
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

    /**
     * A minimal HTTP/1.1 client over a plain socket that keeps the session cookie. Not java.net.http.HttpClient:
     * every class the training loads goes into the cache and is loaded at each start, and HttpClient pulls in
     * ~600 classes (HTTP/2, TLS, X.509) the server never uses, which made every start slower.
     */
    private static final class Client {
        private final int port;
        private String cookie;

        Client(int port) {
            this.port = port;
        }

        void expect(int status, String method, String path, String json) throws IOException {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Accept: application/json\r\nConnection: close\r\n");
            if (cookie != null) {
                req.append("Cookie: ").append(cookie).append("\r\n");
            }
            if (json != null) {
                req.append("Content-Type: application/json\r\n");
            }
            req.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            String response;
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            int headEnd = response.indexOf("\r\n\r\n");
            String[] head = (headEnd < 0 ? response : response.substring(0, headEnd)).split("\r\n");
            String[] statusLine = head[0].split(" ");
            int got = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            if (got != status) {
                throw new IOException(method + " " + path + " returned " + head[0] + " (expected " + status + "): "
                        + (headEnd < 0 ? "" : response.substring(headEnd + 4)));
            }
            for (String h : head) {
                if (h.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
                    String c = h.substring(11).trim();
                    c = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
                    cookie = c.endsWith("=") ? null : c; // an emptied cookie is a sign-out
                }
            }
        }
    }
}
