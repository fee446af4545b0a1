package io.semaphore.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.http.Context;
import io.semaphore.build.Version;
import io.semaphore.errors.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The API's own OpenAPI description: the YAML in {@value #DESCRIPTION}, answered as JSON by
 * {@code GET /api/openapi.json}, and a page of this server's own to read it, {@code /api-docs} (no files from
 * elsewhere, so it works without internet access and adds nothing to the web UI's load).
 */
final class ApiDocs {
    static final String DESCRIPTION = "/openapi/semaphore.yml";
    private static final String PAGE = "/api-docs/index.html";
    /** The page's files, by name, with their content types; nothing else is served from the folder. */
    private static final Map<String, String> ASSETS = Map.of(
            "api-docs.js", "text/javascript; charset=utf-8",
            "api-docs.css", "text/css; charset=utf-8");

    /** Converted on first use, not at start-up: most servers never serve it. */
    private volatile byte[] json;

    void json(Context ctx) {
        byte[] body = json;
        if (body == null) {
            body = toJson(read(DESCRIPTION));
            json = body;
        }
        ctx.contentType("application/json").header("Cache-Control", "no-cache").result(body);
    }

    void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(read(PAGE));
    }

    void asset(Context ctx) {
        String name = ctx.pathParam("file");
        String type = ASSETS.get(name);
        if (type == null) {
            throw new NotFoundException("No file " + name + " on the API documentation page");
        }
        ctx.contentType(type).header("Cache-Control", "no-cache").result(read("/api-docs/" + name));
    }

    /** The description as JSON, with this server's version as {@code info.version}. */
    static byte[] toJson(byte[] yaml) {
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(yaml);
            ((ObjectNode) root.get("info")).put("version", Version.VERSION);
            return new ObjectMapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API description " + DESCRIPTION, e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The jar lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
