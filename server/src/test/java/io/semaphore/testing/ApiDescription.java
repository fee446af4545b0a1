package io.semaphore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The server's own OpenAPI description (the classpath resource the server serves), read for tests. */
public final class ApiDescription {
    public static final String RESOURCE = "/openapi/semaphore.yml";
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** One operation: method (upper case) and path as the description writes it, relative to /api. */
    public record Operation(String method, String path, JsonNode node) {
        private static final java.util.regex.Pattern PARAM = java.util.regex.Pattern.compile("\\{[^}]+}");

        @Override
        public String toString() {
            return method + " " + path;
        }

        /** The path with every parameter written {@code {}}, to compare with paths that name them otherwise. */
        public String shape() {
            return PARAM.matcher(path).replaceAll("{}");
        }

        boolean matches(String[] segments) {
            String[] mine = path.split("/", -1);
            if (mine.length != segments.length) {
                return false;
            }
            for (int i = 0; i < mine.length; i++) {
                boolean param = mine[i].startsWith("{") && mine[i].endsWith("}");
                if (param ? segments[i].isEmpty() : !mine[i].equals(segments[i])) {
                    return false;
                }
            }
            return true;
        }

        long literals() {
            return java.util.Arrays.stream(path.split("/")).filter(s -> !s.startsWith("{")).count();
        }
    }

    private final String text;
    private final JsonNode root;
    private final List<Operation> operations = new ArrayList<>();

    private ApiDescription(String text) {
        this.text = text;
        try {
            this.root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("The API description is not valid YAML", e);
        }
        root.get("paths").properties().forEach(p -> {
            for (String m : METHODS) {
                if (p.getValue().has(m)) {
                    operations.add(new Operation(m.toUpperCase(java.util.Locale.ROOT), p.getKey(), p.getValue().get(m)));
                }
            }
        });
    }

    public static ApiDescription load() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No " + RESOURCE + " on the classpath");
            }
            return new ApiDescription(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML text. */
    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /**
     * The operation a request reaches: {@code apiPath} is relative to /api, without query; a literal segment wins
     * over a parameter ({@code /tasks/last} is not task "last").
     */
    public Optional<Operation> match(String method, String apiPath) {
        String trimmed = apiPath.length() > 1 && apiPath.endsWith("/") ? apiPath.substring(0, apiPath.length() - 1) : apiPath;
        String[] segments = trimmed.split("/", -1);
        return operations.stream().filter(o -> o.method().equals(method) && o.matches(segments))
                .max(Comparator.comparingLong(Operation::literals));
    }

    /** The response object of an operation for a status, its {@code $ref} followed; null when not described. */
    public JsonNode response(Operation op, int status) {
        JsonNode r = op.node().path("responses").get(String.valueOf(status));
        if (r != null && r.has("$ref")) {
            r = resolve(r.get("$ref").asText());
        }
        return r;
    }

    /** The first media type the description gives for an answer, or null for an answer without a body. */
    public String mediaType(Operation op, int status) {
        JsonNode r = response(op, status);
        if (r == null || !r.has("content")) {
            return null;
        }
        return r.get("content").fieldNames().next();
    }

    /** The node a local reference ({@code #/components/...}) points to. */
    public JsonNode resolve(String ref) {
        JsonNode n = root;
        for (String part : ref.replaceFirst("^#/", "").split("/")) {
            n = n.path(part);
        }
        if (n.isMissingNode()) {
            throw new IllegalStateException("The description refers to " + ref + ", which it does not define");
        }
        return n;
    }
}
