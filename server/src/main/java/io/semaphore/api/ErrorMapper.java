package io.semaphore.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.semaphore.errors.ApiException;
import io.semaphore.errors.TooManyRequestsException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into Semaphore's error body {@code {"error": "..."}}, registered once for every route. Typed
 * {@link ApiException}s keep their status (a 503 names the database's state, recognised in {@code db.Database},
 * and is logged with the driver's message); anything else is a bug: a 500 with a request id, the stack trace in the
 * server log only.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String WRITTEN = "semaphore.errorWritten";

    private ErrorMapper() {}

    static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e instanceof TooManyRequestsException t) {
                ctx.header("Retry-After", String.valueOf(t.retryAfterSeconds()));
            }
            if (e.status() >= 500) {
                // The driver's own message, not the wrapping statement's, which renders the bound values.
                log.warn("Request {} {} failed: {} ({})", ctx.method(), ctx.path(), e.getMessage(), rootCause(e));
            }
            write(ctx, e.status(), e.getMessage());
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String given = org.slf4j.MDC.get(RequestLog.MDC_KEY); // the request's id, in the log line and its header
            String id = given != null ? given : UUID.randomUUID().toString().substring(0, 8);
            log.error("Request {} {} failed (request id {})", ctx.method(), ctx.path(), id, e);
            write(ctx, 500, "Internal server error (request id " + id + "); the server log has the details");
        });
        // Unmatched routes: Javalin answers with its own body; the API answers {"error": ...} like every other error.
        routes.error(404, ctx -> {
            if (ctx.attribute(WRITTEN) == null) {
                write(ctx, 404, "Not found: no API route " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, ctx -> {
            if (ctx.attribute(WRITTEN) == null) {
                write(ctx, 405, "Method " + ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getName() + ": " + t.getMessage();
    }

    static void write(Context ctx, int status, String message) {
        ctx.attribute(WRITTEN, true);
        ctx.status(status).json(Map.of("error", message));
    }
}
