package io.semaphore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A test's browser: real HTTP to the server, keeping cookies, optionally sending a bearer token. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http;
    private final String bearer;
    private final CookieManager cookies;

    public ApiClient(String base) {
        this(base, new CookieManager(), null);
    }

    private ApiClient(String base, CookieManager cookies, String bearer) {
        this.base = base;
        this.cookies = cookies;
        this.bearer = bearer;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Same server, no cookies, sending {@code Authorization: Bearer <token>}. */
    public ApiClient withBearer(String token) {
        return new ApiClient(base, new CookieManager(), token);
    }

    public CookieManager cookies() {
        return cookies;
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Response is not JSON (" + status + "): " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText();
        }

        public List<String> headers(String name) {
            return raw.headers().allValues(name);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    /**
     * A body that is a String is sent as is (to test malformed JSON), a byte array as those bytes (to test bodies
     * that are not UTF-8); anything else is serialized.
     */
    public Response send(String method, String path, Object body) {
        try {
            Object payload = body == null || body instanceof byte[] || body instanceof String ? body
                    : JSON.writeValueAsString(body);
            return send(method, path, body == null ? null : "application/json", payload, Map.of());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A request as a browser or script might make it: {@code body} (text, or raw bytes such as invalid UTF-8) sent as
     * is with {@code contentType} (either may be null), plus {@code headers} (such as Origin), with this client's
     * cookies or token.
     */
    public Response send(String method, String path, String contentType, Object body, Map<String, String> headers) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                    : HttpRequest.BodyPublishers.ofString((String) body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, publisher);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            headers.forEach(b::header);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
