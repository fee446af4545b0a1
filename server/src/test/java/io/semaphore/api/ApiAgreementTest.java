package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.semaphore.testing.ApiDescription;
import io.semaphore.testing.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our API description against Semaphore's (its Swagger 2 file semaphore-api-v2.10.yml, which is not part of this
 * repository: {@code SEMAPHORE_REFERENCE_SPEC}, or {@code ../shared/reference/} beside the repository), on every
 * operation: operations Semaphore describes and we lack; on shared operations, success statuses both ways and every
 * status Semaphore lists; request and answer fields by name; and their types, nullability included.
 * <p>
 * Every difference must be a row of the table under "Differences from Semaphore's API description" in
 * docs/api-compatibility.md, with its reason; a difference not listed fails, and so does a row that no longer
 * matches a difference. Without the reference file the test cannot compare: it is skipped, saying so, and writes
 * "skipped: ..." to target/agreement-test.txt (where .ci/run looks for "ran").
 */
class ApiAgreementTest {
    static final String DOC = "docs/api-compatibility.md";
    static final String SECTION = "Differences from Semaphore's API description";
    private static final String REFERENCE = "semaphore-api-v2.10.yml";
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @Test
    void ourDescriptionAgreesWithSemaphoresOrSaysWhyNot() throws IOException {
        Path reference = reference();
        if (reference == null || !Files.isRegularFile(reference)) {
            String why = "Semaphore's API description was not found (set SEMAPHORE_REFERENCE_SPEC, or put it at "
                    + RepositoryFiles.root().resolveSibling("shared").resolve("reference").resolve(REFERENCE)
                    + "), so our description could not be compared with it";
            record("skipped: " + why);
            assumeTrue(false, why);
        }
        record("ran");
        JsonNode theirs = new ObjectMapper(new YAMLFactory()).readTree(reference.toFile());
        JsonNode ours = ApiDescription.load().root();

        Map<String, String> differences = new TreeMap<>();
        new Comparison(ours, theirs, differences).run();

        Map<String, String> listed = RepositoryFiles.table(DOC, SECTION);
        List<String> problems = new ArrayList<>();
        differences.keySet().stream().filter(d -> !listed.containsKey(d))
                .forEach(d -> problems.add("Not listed: | `" + d + "` | (why) |"));
        listed.forEach((d, why) -> {
            if (!differences.containsKey(d)) {
                problems.add("Listed, but no longer a difference (remove the row): " + d);
            } else if (why.isBlank()) {
                problems.add("Listed without a reason: " + d);
            }
        });
        assertThat(problems).as("Differences between our API description and Semaphore's (" + reference
                + "); fix each or list it with its reason under '" + SECTION + "' in " + DOC).isEmpty();
    }

    /** The reference description: the environment's choice, else beside the repository. */
    static Path reference() {
        String env = System.getenv("SEMAPHORE_REFERENCE_SPEC");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return RepositoryFiles.root().resolveSibling("shared").resolve("reference").resolve(REFERENCE);
    }

    /** Appends to target/agreement-test.txt, which .ci/run reads to prove that the comparison ran. */
    private static void record(String line) {
        try {
            Path f = Path.of("target", "agreement-test.txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Walks both descriptions. Difference keys read "METHOD /path [where]: what", with our path and parameter
     * names; "here" is our description.
     */
    static final class Comparison {
        private final JsonNode ours;
        private final JsonNode theirs;
        private final Map<String, String> out;

        Comparison(JsonNode ours, JsonNode theirs, Map<String, String> out) {
            this.ours = ours;
            this.theirs = theirs;
            this.out = out;
        }

        void run() {
            Map<String, String> ourPaths = new LinkedHashMap<>();
            ours.get("paths").fieldNames().forEachRemaining(p -> ourPaths.put(shape(p), p));
            theirs.get("paths").properties().forEach(entry -> {
                String ourPath = ourPaths.get(shape(entry.getKey()));
                for (String m : METHODS) {
                    JsonNode theirOp = entry.getValue().get(m);
                    if (theirOp == null) {
                        continue;
                    }
                    String method = m.toUpperCase(Locale.ROOT);
                    JsonNode ourOp = ourPath == null ? null : ours.get("paths").get(ourPath).get(m);
                    if (ourOp == null) {
                        add(method + " " + trim(entry.getKey()) + ": only in Semaphore's description");
                    } else {
                        operation(method + " " + ourPath, ourOp, entry.getValue(), theirOp);
                    }
                }
            });
        }

        private void operation(String op, JsonNode ourOp, JsonNode theirPath, JsonNode theirOp) {
            Set<String> ourCodes = new TreeSet<>();
            ourOp.get("responses").fieldNames().forEachRemaining(ourCodes::add);
            Set<String> theirCodes = new TreeSet<>();
            theirOp.get("responses").fieldNames().forEachRemaining(theirCodes::add);
            for (String code : theirCodes) {
                if (!ourCodes.contains(code)) {
                    add(op + ": status " + code + " only in Semaphore's");
                }
            }
            for (String code : ourCodes) {
                // Errors Semaphore's description leaves out are not differences: it lists them only here and there.
                if (!theirCodes.contains(code) && Integer.parseInt(code) < 400) {
                    add(op + ": status " + code + " only here");
                }
            }

            JsonNode ourBody = ourRequestSchema(ourOp);
            JsonNode theirBody = theirRequestSchema(theirPath, theirOp);
            if (ourBody != null && theirBody != null) {
                compare(op + " request", "body", ourBody, theirBody);
            } else if (ourBody != null || theirBody != null) {
                add(op + ": request body only " + (ourBody != null ? "here" : "in Semaphore's"));
            }

            for (String code : theirCodes) {
                if (!ourCodes.contains(code)) {
                    continue;
                }
                JsonNode ourSchema = ourResponseSchema(ourOp, code);
                JsonNode theirSchema = theirOp.get("responses").get(code).get("schema");
                String where = op + " response " + code;
                if (ourSchema != null && theirSchema != null) {
                    compare(where, "body", ourSchema, theirSchema);
                } else if (ourSchema != null || theirSchema != null) {
                    add(where + ": body only " + (ourSchema != null ? "here" : "in Semaphore's"));
                }
            }
        }

        /** Compares two schemas at {@code at} (body, body.field, body[].field ...). */
        private void compare(String where, String at, JsonNode ourSchema, JsonNode theirSchema) {
            Shape a = Shape.of(ourSchema, ours);
            Shape b = Shape.of(theirSchema, theirs);
            if (!a.types.equals(b.types) && !b.types.contains("any")) {
                add(where + " " + at + ": type " + a.describe() + " here, " + b.describe() + " in Semaphore's");
            }
            if (a.types.contains("object") && b.types.contains("object") && !b.properties.isEmpty()) {
                Set<String> onlyOurs = new TreeSet<>(a.properties.keySet());
                onlyOurs.removeAll(b.properties.keySet());
                Set<String> onlyTheirs = new TreeSet<>(b.properties.keySet());
                onlyTheirs.removeAll(a.properties.keySet());
                if (!onlyOurs.isEmpty() && !a.open) {
                    add(where + " " + at + ": fields only here: " + String.join(", ", onlyOurs));
                }
                if (!onlyTheirs.isEmpty() && !a.open) {
                    add(where + " " + at + ": fields only in Semaphore's: " + String.join(", ", onlyTheirs));
                }
                for (var e : a.properties.entrySet()) {
                    JsonNode other = b.properties.get(e.getKey());
                    if (other != null) {
                        compare(where, at + "." + e.getKey(), e.getValue(), other);
                    }
                }
            }
            if (a.items != null && b.items != null) {
                compare(where, at + "[]", a.items, b.items);
            }
        }

        private JsonNode ourRequestSchema(JsonNode op) {
            JsonNode body = op.get("requestBody");
            if (body == null) {
                return null;
            }
            body = deref(body, ours);
            JsonNode media = body.path("content").path("application/json");
            return media.has("schema") ? media.get("schema") : null;
        }

        private JsonNode ourResponseSchema(JsonNode op, String code) {
            JsonNode r = deref(op.get("responses").get(code), ours);
            JsonNode content = r.get("content");
            if (content == null || content.isEmpty()) {
                return null;
            }
            return content.elements().next().get("schema");
        }

        private JsonNode theirRequestSchema(JsonNode path, JsonNode op) {
            List<JsonNode> params = new ArrayList<>();
            path.path("parameters").forEach(params::add);
            op.path("parameters").forEach(params::add);
            for (JsonNode p : params) {
                JsonNode param = deref(p, theirs);
                if ("body".equals(param.path("in").asText())) {
                    return param.get("schema");
                }
            }
            return null;
        }

        private void add(String difference) {
            out.put(difference, "");
        }

        /** A path with trailing slash and parameter names removed, to match paths across the two files. */
        private static String shape(String path) {
            return trim(path).replaceAll("\\{[^}]+}", "{}");
        }

        private static String trim(String path) {
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
    }

    static JsonNode deref(JsonNode node, JsonNode root) {
        int hops = 0;
        while (node != null && node.has("$ref") && hops++ < 20) {
            JsonNode target = root;
            for (String part : node.get("$ref").asText().replaceFirst("^#/", "").split("/")) {
                target = target.path(part);
            }
            if (target.isMissingNode()) {
                throw new IllegalStateException("Unknown reference " + node.get("$ref"));
            }
            node = target;
        }
        return node;
    }

    /**
     * What a schema says about a value: its types ("null" when nullable; "any" when it says nothing), the fields of
     * an object and the items of an array. A reference with sibling fields (Semaphore writes some) has both; a
     * single {@code allOf} stands for its member, and {@code oneOf}/{@code anyOf} for the union of theirs.
     */
    record Shape(Set<String> types, Map<String, JsonNode> properties, JsonNode items, boolean open) {
        static Shape of(JsonNode schema, JsonNode root) {
            Set<String> types = new TreeSet<>();
            Map<String, JsonNode> properties = new TreeMap<>();
            JsonNode items = null;
            boolean open = false;
            if (schema.has("properties")) {
                schema.get("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
            }
            JsonNode s = deref(schema, root);
            if (s.path("nullable").asBoolean(false)) {
                types.add("null");
            }
            if (s.has("allOf") && s.get("allOf").size() == 1) {
                Shape inner = of(s.get("allOf").get(0), root);
                types.addAll(inner.types);
                properties.putAll(inner.properties);
                return new Shape(types, properties, inner.items, inner.open);
            }
            JsonNode members = s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
            if (members != null) {
                for (JsonNode member : members) {
                    Shape inner = of(member, root);
                    types.addAll(inner.types);
                    properties.putAll(inner.properties);
                    items = items == null ? inner.items : items;
                }
                return new Shape(types, properties, items, open);
            }
            JsonNode type = s.get("type");
            if (type != null && type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else if (type != null) {
                types.add(type.asText());
            } else if (s.has("properties")) {
                types.add("object");
            } else if (types.isEmpty()) {
                types.add("any");
            }
            if (s.has("properties")) {
                s.get("properties").properties().forEach(e -> properties.putIfAbsent(e.getKey(), e.getValue()));
            }
            // An object we describe without fields (any fields accepted) has nothing to compare field by field.
            open = types.contains("object") && !s.has("properties") && s.path("additionalProperties").asBoolean(false);
            if (s.has("items")) {
                items = s.get("items");
            }
            return new Shape(types, properties, items, open);
        }

        String describe() {
            return String.join(" or ", types);
        }
    }
}
