package io.semaphore.runtime.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.semaphore.runtime.testing.Shell;
import io.semaphore.runtime.testing.TestRepo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/** A bare copy of a repository served over git's "dumb" HTTP protocol behind basic authentication. */
final class DumbHttpGitServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    private DumbHttpGitServer(HttpServer server) {
        this.server = server;
    }

    static DumbHttpGitServer serve(TestRepo origin, Path folder, String login, String password) throws IOException {
        Path bare = folder.resolve("repo.git");
        Shell.run(origin.dir(), "git", "clone", "-q", "--bare", origin.dir().toString(), bare.toString());
        Shell.run(bare, "git", "update-server-info");
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var server = new DumbHttpGitServer(http);
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        http.createContext("/repo.git/", exchange -> server.handle(exchange, bare, expected));
        http.start();
        return server;
    }

    private void handle(HttpExchange exchange, Path bare, String expected) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.startsWith("Basic ")) {
                authorizations.add(new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8));
            }
            if (!expected.equals(auth)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Path file = bare.resolve(exchange.getRequestURI().getPath().substring("/repo.git/".length())).normalize();
            if (!file.startsWith(bare) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
