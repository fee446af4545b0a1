package io.semaphore.runner.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.semaphore.json.Json;
import io.semaphore.runner.RunnerProtocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Semaphore's runner protocol over HTTP, the runner's side: register, poll, progress, unregister. */
public final class RunnerClient {
    private static final String PATH = "/api/internal/runners";

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
    private volatile String token;

    /** An answer other than 2xx: the status and the server's message. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(int status, String body) {
            super("The server answered " + status + ": " + message(body));
            this.status = status;
        }

        public int status() {
            return status;
        }

        private static String message(String body) {
            try {
                var n = Json.MAPPER.readTree(body);
                if (n != null && n.hasNonNull("error")) {
                    return n.get("error").asText();
                }
                if (n != null && n.hasNonNull("message")) {
                    return n.get("message").asText();
                }
            } catch (JsonProcessingException | RuntimeException ignored) {
                // not JSON
            }
            return body == null || body.isBlank() ? "(no message)" : body.strip();
        }
    }

    /** @param baseUrl the server's URL (its {@code web_host}), e.g. {@code https://semaphore.example.com} */
    public RunnerClient(String baseUrl, String token, Duration timeout) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("The runner needs the server's URL: set web_host (SEMAPHORE_WEB_ROOT)"
                    + " in its configuration");
        }
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public void token(String token) {
        this.token = token;
    }

    /** Registers a new runner with the server's registration token; returns the runner's token. */
    public String register(String registrationToken, String webhook, int maxParallelTasks, String name, String tag)
            throws IOException, InterruptedException {
        var body = new RunnerProtocol.Registration(registrationToken, webhook, maxParallelTasks, null,
                name == null || name.isEmpty() ? null : name, tag == null || tag.isEmpty() ? null : tag);
        String answer = send("POST", body, false);
        return Json.MAPPER.readValue(answer, RunnerProtocol.Registered.class).token();
    }

    public RunnerProtocol.State poll() throws IOException, InterruptedException {
        return Json.MAPPER.readValue(send("GET", null, true), RunnerProtocol.State.class);
    }

    public void progress(RunnerProtocol.Progress progress) throws IOException, InterruptedException {
        send("PUT", progress, true);
    }

    public void unregister() throws IOException, InterruptedException {
        send("DELETE", null, true);
    }

    private String send(String method, Object body, boolean withToken) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + PATH)).timeout(timeout)
                .header("Accept", "application/json");
        if (withToken) {
            if (token == null || token.isEmpty()) {
                throw new IOException("The runner has no token: register it first (semaphore runner register), or set"
                        + " runner.token / runner.token_file");
            }
            b.header("X-Runner-Token", token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new Refused(r.statusCode(), r.body());
        }
        return r.body();
    }
}
