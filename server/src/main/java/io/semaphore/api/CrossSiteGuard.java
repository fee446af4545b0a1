package io.semaphore.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.semaphore.auth.AuthService;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.UnsupportedMediaTypeException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses cross-site request forgery, in one place for every API route. A browser sends the session cookie with
 * requests that other sites make it send; such requests carry the other site's {@code Origin} (or, without one,
 * {@code Referer}), and can only have the bodies an HTML form can make (text/plain, form-urlencoded, multipart).
 * So a state-changing request that does not come with an API token must (1) come from this server's origin when
 * it says where it comes from, and (2) carry a JSON body when it carries one. Requests without
 * {@code Origin} and {@code Referer} (scripts, curl) pass the first check; requests with
 * {@code Authorization: Bearer} pass both, since a browser never adds that header for another site.
 */
final class CrossSiteGuard {
    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);
    /** scheme, host (a name, an IPv4 address or a bracketed IPv6 address) and port of an absolute URL. */
    private static final Pattern URL =
            Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(?:[^/?#@]*@)?(\\[[^\\]]*\\]|[^/?#:]+)(?::(\\d{1,5}))?(?:[/?#].*)?$");

    /** The origin of {@code web_host}, or null when it is not set (then the request's own origin counts). */
    private final String webHostOrigin;
    private final ForwardedHeaders forwarded;

    CrossSiteGuard(String webHost, ForwardedHeaders forwarded) {
        this.webHostOrigin = webHost == null || webHost.isBlank() ? null : origin(webHost);
        this.forwarded = forwarded;
    }

    /** Before every API route. */
    void check(Context ctx) {
        if (!STATE_CHANGING.contains(ctx.method()) || AuthService.isBearer(ctx.header("Authorization"))) {
            return;
        }
        String claimed = ctx.header("Origin");
        String header = "Origin";
        if (claimed == null) {
            claimed = ctx.header("Referer");
            header = "Referer";
        }
        if (claimed != null) {
            requireOwnOrigin(ctx, header, claimed);
        }
        requireJsonBody(ctx);
    }

    /** Before the live socket's upgrade: browsers always send {@code Origin} there; when present it must be ours. */
    void checkUpgrade(Context ctx) {
        String claimed = ctx.header("Origin");
        if (claimed != null) {
            requireOwnOrigin(ctx, "Origin", claimed);
        }
    }

    private void requireOwnOrigin(Context ctx, String header, String claimed) {
        String expected = webHostOrigin != null ? webHostOrigin : origin(forwarded.scheme(ctx) + "://" + forwarded.host(ctx));
        String actual = origin(claimed);
        if (actual == null || !actual.equals(expected)) {
            throw new ForbiddenException("Cross-site request refused: its " + header + " is "
                    + (actual == null ? "'" + shorten(claimed) + "'" : actual) + ", not this server's origin " + expected
                    + (webHostOrigin != null ? " (from web_host)" : "")
                    + ". Use the server's own pages" + (webHostOrigin != null ? "" : ", set web_host to the address browsers use")
                    + ", or call the API with a token (Authorization: Bearer)");
        }
    }

    private static void requireJsonBody(Context ctx) {
        String type = ctx.header("Content-Type");
        if (isJson(type) || !hasBody(ctx)) {
            return;
        }
        throw new UnsupportedMediaTypeException("The request body must be JSON sent with 'Content-Type: application/json' ("
                + (type == null || type.isBlank() ? "no Content-Type was sent" : "got '" + shorten(type) + "'") + ")");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private static boolean hasBody(Context ctx) {
        int length = ctx.contentLength();
        if (length >= 0) {
            return length > 0;
        }
        // chunked: no length was announced, so look
        return ctx.bodyAsBytes().length > 0;
    }

    /**
     * {@code scheme://host[:port]} in lowercase without a default port; null when {@code url} has no host (such as
     * {@code Origin: null}). Parsed by hand: java.net.URI gives no host for names with '_', which browsers allow.
     */
    static String origin(String url) {
        Matcher m = URL.matcher(url.trim());
        if (!m.matches()) {
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String port = m.group(3);
        boolean defaultPort = port == null || (scheme.equals("http") && port.equals("80"))
                || (scheme.equals("https") && port.equals("443"));
        return scheme + "://" + m.group(2).toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + Integer.parseInt(port));
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
