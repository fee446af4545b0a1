package io.semaphore.api;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request id of every HTTP request, and the access log. The id is the request's {@code X-Request-Id} when it is
 * a plain token (letters, digits, {@code .-_:}, at most 128), else 16 random hex digits; it is echoed in the
 * response's {@code X-Request-Id} and is the MDC's {@code request_id} while the request is handled, so every log
 * line written for it carries it. With {@code access_log} on, each request ends with one line of logger
 * {@code io.semaphore.access}: method, path, status, duration and request id (in JSON form also as the fields
 * {@code method}, {@code path}, {@code status}, {@code duration_ms}). The path leaves out what would put a secret
 * in the log: the values of query parameters named like a token, password, key, secret, code or state, and the
 * alias of an integration's URL (which is all a webhook caller needs).
 */
public final class RequestLog implements Filter {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Logger ACCESS = LoggerFactory.getLogger("io.semaphore.access");
    private static final Pattern GOOD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i).*(token|pass|secret|key|code|state|session|auth|sig).*");
    private static final Pattern INTEGRATION = Pattern.compile("^(/api/integrations/)[^/]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean accessLog;

    public RequestLog(boolean accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        long started = System.nanoTime();
        String id = idOf(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
            if (async && accessLog) {
                request.getAsyncContext().addListener(new Completion(request, response, id, started));
            }
        } finally {
            if (accessLog && !async) {
                access(request, response.getStatus(), id, started);
            }
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    /** The caller's id when it is a plain token, else a new one. */
    static String idOf(String given) {
        if (given != null && GOOD_ID.matcher(given.strip()).matches()) {
            return given.strip();
        }
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void access(HttpServletRequest request, int status, String id, long started) {
        long micros = (System.nanoTime() - started) / 1_000;
        String duration = String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
        String method = request.getMethod();
        String path = loggedPath(request.getRequestURI(), request.getQueryString());
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        MDC.put("method", method);
        MDC.put("path", path);
        MDC.put("status", Integer.toString(status));
        MDC.put("duration_ms", duration);
        try {
            ACCESS.info("{} {} {} {} ms request_id={}", method, path, status, duration, id);
        } finally {
            MDC.remove("method");
            MDC.remove("path");
            MDC.remove("status");
            MDC.remove("duration_ms");
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    /** The path and query as logged: secret-looking parameter values and an integration's alias become "***". */
    static String loggedPath(String uri, String query) {
        String path = INTEGRATION.matcher(uri == null ? "" : uri).replaceFirst("$1***");
        if (query == null || query.isEmpty()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path).append('?');
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
            out.append(i == 0 ? "" : "&").append(URLEncoder.encode(decoded, StandardCharsets.UTF_8));
            if (eq >= 0) {
                out.append('=').append(SECRET_PARAMETER.matcher(decoded).matches() ? "***" : pair.substring(eq + 1));
            }
        }
        return out.toString();
    }

    /** The access line of a request that finished after the filter returned (asynchronous handling). */
    private static final class Completion implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final String id;
        private final long started;

        Completion(HttpServletRequest request, HttpServletResponse response, String id, long started) {
            this.request = request;
            this.response = response;
            this.id = id;
            this.started = started;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            access(request, response.getStatus(), id, started);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
