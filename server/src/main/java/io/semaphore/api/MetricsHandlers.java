package io.semaphore.api;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.Principal;
import io.semaphore.auth.SessionCookie;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /api/metrics} (Prometheus text format) and the timing of every API request by route. The route is
 * for administrators (session or API token), as Semaphore's admin routes are, or for whoever sends the configured
 * {@code metrics_token} as {@code Authorization: Bearer <token>} - what a Prometheus scrape job can be given.
 */
final class MetricsHandlers {
    private static final String STARTED = "metrics.started";

    private final ServerMetrics metrics;
    private final AuthService auth;
    private final byte[] token;

    MetricsHandlers(ServerMetrics metrics, AuthService auth, String metricsToken) {
        this.metrics = metrics;
        this.auth = auth;
        this.token = metricsToken.isEmpty() ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
    }

    void scrape(Context ctx) {
        if (!scrapeTokenMatches(ctx.header("Authorization"))) {
            Principal p = auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME))
                    .orElseThrow(() -> new UnauthorizedException("Metrics need an administrator's session or API token,"
                            + " or the metrics_token of the server's config, as 'Authorization: Bearer <token>'"));
            if (!p.user().admin()) {
                throw new ForbiddenException("Only administrators (or the metrics_token) can read metrics");
            }
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(ServerMetrics.contentType()).result(metrics.scrape());
    }

    private boolean scrapeTokenMatches(String authorization) {
        if (token == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    void before(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    void after(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null || ctx.path().startsWith("/api/ws")) {
            return;
        }
        Endpoint matched = ctx.endpoints().lastHttpEndpoint();
        String route = matched == null ? "unmatched" : matched.path;
        metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
    }
}
