package io.semaphore.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the built web UI from the classpath folder {@code public/} (put there by the {@code web} module):
 * hashed assets with a long cache life, and {@code index.html} for every other non-API path so the browser
 * router can take over. Unknown {@code /api} paths still get the API's JSON 404. Without a built UI (server
 * tests, or a jar built without it) nothing is registered.
 */
public final class WebUi {
    private static final String INDEX = "/public/index.html";

    private WebUi() {}

    public static void register(JavalinConfig c) {
        byte[] index = readIndex();
        if (index == null) {
            return;
        }
        c.staticFiles.add(sf -> {
            sf.hostedPath = "/assets";
            sf.directory = "/public/assets";
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
        });
        c.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/public";
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", "no-cache");
        });
        c.spaRoot.addHandler("/", ctx -> serveIndex(ctx, index));
    }

    private static void serveIndex(Context ctx, byte[] index) {
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/api")) {
            ErrorMapper.write(ctx, 404, "Not found: no API route " + ctx.method() + " " + ctx.path());
            return;
        }
        ctx.status(200).contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(index);
    }

    private static byte[] readIndex() {
        try (InputStream in = WebUi.class.getResourceAsStream(INDEX)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
