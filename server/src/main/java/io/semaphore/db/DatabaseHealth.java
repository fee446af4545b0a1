package io.semaphore.db;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can serve this build: it answers a query, and every migration the build ships is applied.
 * A check that gets no answer within its time limit counts as not ready, so a health probe never hangs on a
 * database that does not answer. The causes (driver messages, host names) go to the log, not to the caller.
 */
public final class DatabaseHealth {
    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    /** Each check's result ("ok" or what is wrong), in order; {@code problem} is the first that is not ok. */
    public record Status(Map<String, String> checks, String problem) {
        public boolean ready() {
            return problem == null;
        }
    }

    private final Database db;
    private final Duration timeout;
    /** The last problem logged, so a failing probe every few seconds logs once per change, not every time. */
    private volatile String lastLogged;

    public DatabaseHealth(Database db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    public Status check() {
        CompletableFuture<Status> result = new CompletableFuture<>();
        Thread.ofVirtual().name("health-check").start(() -> {
            try {
                result.complete(checkNow());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return failed("database", "no answer within " + timeout.toSeconds() + " s", "timed out", null);
        } catch (ExecutionException e) {
            return failed("database", "the check failed (see the server log)", "check failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("database", "the check was interrupted", "interrupted", null);
        }
    }

    private Status checkNow() {
        try {
            db.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            return failed("database", "does not answer a query (see the server log for the cause)", "query failed", e);
        }
        Migrator.Unapplied unapplied;
        try {
            unapplied = Migrator.unapplied(db);
        } catch (RuntimeException e) {
            return failed("migrations", "cannot read the schema history (see the server log for the cause)",
                    "schema history unreadable", e);
        }
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", "ok");
        if (!unapplied.failed().isEmpty()) {
            checks.put("migrations", "failed: " + String.join(", ", unapplied.failed())
                    + " (repair the database, then restart the server)");
        } else if (!unapplied.pending().isEmpty()) {
            checks.put("migrations", "not applied: " + String.join(", ", unapplied.pending())
                    + " (run 'semaphore migrate' or restart the server)");
        } else {
            checks.put("migrations", "ok");
            if (lastLogged != null) {
                log.info("Database is ready again");
                lastLogged = null;
            }
            return new Status(checks, null);
        }
        String problem = "migrations: " + checks.get("migrations");
        logOnce(problem, null);
        return new Status(checks, problem);
    }

    private Status failed(String check, String message, String logLabel, Throwable cause) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", check.equals("database") ? message : "ok");
        checks.put("migrations", check.equals("migrations") ? message : "unknown");
        logOnce(check + ": " + logLabel, cause);
        return new Status(checks, check + ": " + message);
    }

    private void logOnce(String problem, Throwable cause) {
        String withCause = cause == null ? problem : problem + ": " + rootMessage(cause);
        if (!withCause.equals(lastLogged)) {
            lastLogged = withCause;
            log.warn("Not ready: {}", withCause);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
