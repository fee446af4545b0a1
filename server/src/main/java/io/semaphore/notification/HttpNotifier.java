package io.semaphore.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The chat services and the webhook: a JSON POST to a URL from the configuration, a 2xx answer meaning sent. The
 * URL may hold a token (Slack, Teams, DingTalk, Telegram), so failures name the service and the status, never the URL.
 */
public final class HttpNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String name;
    private final boolean enabled;
    private final String url;
    private final Map<String, String> headers;
    private final Function<Notification, Object> body;

    public HttpNotifier(String name, boolean enabled, String url, Map<String, String> headers,
                        Function<Notification, Object> body) {
        this.name = name;
        this.enabled = enabled && url != null && !url.isBlank();
        this.url = url;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void send(Notification n) throws IOException, InterruptedException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new IOException("the " + name + " URL in the configuration is not a valid URL");
        }
        b.timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body.apply(n))));
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(name + " could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().contains(url) ? "" : " " + e.getMessage()));
        }
        if (r.statusCode() / 100 != 2) {
            String answer = r.body() == null ? "" : r.body().strip();
            throw new IOException(name + " answered HTTP " + r.statusCode()
                    + (answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) + "…" : answer)));
        }
    }
}
