package io.semaphore.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.testing.ChildNode;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server log as an operator reads it: a real node in a JVM of its own, its standard output read line by line.
 * With {@code log_format: json} and {@code access_log: true} every line is one JSON object, each request has an
 * access line with its id (the caller's X-Request-Id or a new one, echoed in the response), a line written while a
 * request is handled carries the request's id, and no secret of a query or an integration URL reaches the log.
 * By default the log is text and has no access lines, and requests still get their ids.
 */
@Timeout(120)
class ServerLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String url, String requestId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The log's lines once one matches (the access line is written as the response completes). */
    private static List<String> awaitLines(Path log, Predicate<String> wanted) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        List<String> lines = Files.readAllLines(log);
        while (lines.stream().noneMatch(wanted) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            lines = Files.readAllLines(log);
        }
        return lines;
    }

    @Test
    void jsonLog_withAccessLines_andRequestIds() throws Exception {
        try (TestServer base = TestServer.start(DbKind.SQLITE)) {
            Path dir = Files.createDirectories(base.dir().resolve("json-node")); // deleted with the server's folder
            Path config = base.nodeConfig(dir, c -> provider(c.put("log_format", "json").put("access_log", true)));
            Path log = dir.resolve("node.log");
            try (ChildNode node = ChildNode.start(config, log)) {
                HttpResponse<String> given = get(node.baseUrl() + "/api/ping", "caller-id-42");
                assertThat(given.statusCode()).isEqualTo(200);
                assertThat(given.headers().firstValue("X-Request-Id")).hasValue("caller-id-42");
                HttpResponse<String> made = get(node.baseUrl() + "/api/ping", "bad id with spaces");
                String madeId = made.headers().firstValue("X-Request-Id").orElseThrow();
                assertThat(madeId).matches("[0-9a-f]{16}");
                HttpResponse<String> oidc = get(node.baseUrl()
                        + "/api/auth/oidc/corp/redirect?error=access_denied&code=SECRET-CODE-1&state=SECRET-STATE-1&lang=en",
                        "oidc-7");
                assertThat(oidc.statusCode()).isBetween(300, 399);
                HttpResponse<String> hook = post(node.baseUrl() + "/api/integrations/SECRET-ALIAS-1");
                String hookId = hook.headers().firstValue("X-Request-Id").orElseThrow();
                HttpResponse<String> unauthorized = get(node.baseUrl() + "/api/projects", null);
                assertThat(unauthorized.statusCode()).isEqualTo(401);
                String unauthorizedId = unauthorized.headers().firstValue("X-Request-Id").orElseThrow();

                List<String> lines = awaitLines(log, l -> l.contains("\"request_id\":\"" + unauthorizedId + "\"")
                        && l.contains("io.semaphore.access"));
                String text = String.join("\n", lines);
                List<JsonNode> objects = new ArrayList<>();
                for (String line : lines) {
                    if (line.startsWith("child node listening on ") || line.startsWith("WARNING: ")) {
                        continue; // the test node's own line and the JVM's warnings (native access), not the log's
                    }
                    objects.add(JSON.readTree(line)); // every line of the server log is one JSON object
                }
                // the config key takes effect once the config is read: from then on, with what the issue names
                JsonNode started = objects.stream()
                        .filter(o -> o.path("message").asText().startsWith("Semaphore ")).findFirst().orElseThrow();
                assertThat(started.path("level").asText()).isEqualTo("INFO");
                assertThat(started.path("logger").asText()).isEqualTo(Server.class.getName());
                assertThat(started.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(started.has("request_id")).isFalse();

                JsonNode first = access(objects, "caller-id-42");
                assertThat(first.path("method").asText()).isEqualTo("GET");
                assertThat(first.path("path").asText()).isEqualTo("/api/ping");
                assertThat(first.path("status").asText()).isEqualTo("200");
                assertThat(first.path("duration_ms").asText()).matches("\\d+\\.\\d");
                assertThat(first.path("message").asText()).startsWith("GET /api/ping 200 ").endsWith("request_id=caller-id-42");
                assertThat(access(objects, madeId).path("path").asText()).isEqualTo("/api/ping");
                assertThat(access(objects, unauthorizedId).path("status").asText()).isEqualTo("401");

                // a line written while the request was handled carries its id
                assertThat(objects).anySatisfy(o -> {
                    assertThat(o.path("logger").asText()).endsWith("OidcHandlers");
                    assertThat(o.path("request_id").asText()).isEqualTo("oidc-7");
                });
                assertThat(access(objects, "oidc-7").path("path").asText())
                        .isEqualTo("/api/auth/oidc/corp/redirect?error=access_denied&code=***&state=***&lang=en");
                assertThat(access(objects, hookId).path("path").asText()).isEqualTo("/api/integrations/***");
                assertThat(text).doesNotContain("SECRET-CODE-1", "SECRET-STATE-1", "SECRET-ALIAS-1");
            }
        }
    }

    /**
     * An OpenID Connect provider, so that a redirect carrying the provider's refusal is handled - and logged - by
     * the server without reaching the provider (its address answers nothing).
     */
    private static void provider(com.fasterxml.jackson.databind.node.ObjectNode config) {
        config.putObject("oidc_providers").putObject("corp").put("display_name", "Corp")
                .put("provider_url", "http://127.0.0.1:9").put("client_id", "semaphore");
    }

    private static JsonNode access(List<JsonNode> objects, String requestId) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("logger").asText().equals("io.semaphore.access")
                && o.path("request_id").asText().equals(requestId)).toList();
        assertThat(found).as("access lines of request " + requestId).hasSize(1);
        return found.getFirst();
    }

    @Test
    void byDefault_textLog_withoutAccessLines_butRequestIdsStill() throws Exception {
        try (TestServer base = TestServer.start(DbKind.SQLITE)) {
            Path dir = Files.createDirectories(base.dir().resolve("text-node"));
            Path config = base.nodeConfig(dir, ServerLogTest::provider);
            Path log = dir.resolve("node.log");
            try (ChildNode node = ChildNode.start(config, log)) {
                HttpResponse<String> ping = get(node.baseUrl() + "/api/ping", "text-id-1");
                assertThat(ping.headers().firstValue("X-Request-Id")).hasValue("text-id-1");
                HttpResponse<String> oidc = get(node.baseUrl() + "/api/auth/oidc/corp/redirect?error=access_denied",
                        "text-id-2");
                assertThat(oidc.statusCode()).isBetween(300, 399);
                List<String> lines = awaitLines(log, l -> l.contains("OIDC sign-in through corp failed"));
                assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\S*OidcHandlers \\[text-id-2] - OIDC sign-in through corp.*"));
                assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\S*Server - Semaphore .*"));
                Thread.sleep(500);
                assertThat(Files.readAllLines(log)).noneMatch(l -> l.startsWith("{") || l.contains("request_id=")
                        || l.contains("text-id-1"));
            }
        }
    }
}
