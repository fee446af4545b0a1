package io.semaphore.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a chat service over real HTTP (the JDK's server): records every request by path and answers 200,
 * or 500 for the first {@code failures} requests of a path set with {@link #failFirst}.
 */
public final class FakeHttp implements AutoCloseable {
    /** One request as received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    public FakeHttp() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            AtomicInteger left = failures.get(path);
            boolean fail = left != null && left.getAndDecrement() > 0;
            byte[] answer = (fail ? "{\"ok\": false, \"error\": \"down for a test\"}" : "{\"ok\": true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void clear() {
        received.clear();
        failures.clear();
    }

    public void failFirst(String path, int count) {
        failures.put(path, new AtomicInteger(count));
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until {@code path} received {@code count} requests (or the time is up) and returns them. */
    public List<Received> await(String path, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (at(path).size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return at(path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
