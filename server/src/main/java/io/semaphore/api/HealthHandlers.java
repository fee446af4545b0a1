package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.db.DatabaseHealth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/health/live} and {@code /api/health/ready}, for load balancers, orchestrators and the container's
 * HEALTHCHECK. Semaphore has only {@code /api/ping}; these are our own and public, like it.
 */
record HealthHandlers(DatabaseHealth database) {
    /** The process serves HTTP: always 200 (a hung or dead process does not answer at all). */
    void live(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("status", "ok"));
    }

    /** 200 when the database answers and every migration is applied, else 503 naming what is not ready. */
    void ready(Context ctx) {
        DatabaseHealth.Status s = database.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", s.ready() ? "ready" : "not ready");
        if (!s.ready()) {
            body.put("error", "Not ready: " + s.problem());
        }
        body.put("checks", s.checks());
        ctx.header("Cache-Control", "no-store");
        ctx.status(s.ready() ? 200 : 503).json(body);
    }
}
