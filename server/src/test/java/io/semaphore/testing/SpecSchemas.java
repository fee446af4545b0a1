package io.semaphore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks API responses against the definitions of Semaphore's Swagger spec (shared/reference/semaphore-api-v2.10.yml,
 * found by walking up from the working folder): every property the spec lists must be present with the spec's type
 * (integer, string, boolean, array, object; "null" where the spec allows it), recursively through $refs.
 */
public final class SpecSchemas {
    private static final String SPEC = "shared/reference/semaphore-api-v2.10.yml";
    private static JsonNode definitions;

    private SpecSchemas() {}

    private static synchronized JsonNode definitions() {
        if (definitions == null) {
            Path dir = Path.of("").toAbsolutePath();
            Path spec = null;
            for (Path d = dir; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve(SPEC))) {
                    spec = d.resolve(SPEC);
                    break;
                }
            }
            if (spec == null) {
                throw new IllegalStateException("Cannot find " + SPEC + " above " + dir);
            }
            try {
                definitions = new ObjectMapper(new YAMLFactory()).readTree(spec.toFile()).get("definitions");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return definitions;
    }

    /**
     * Asserts that {@code value} matches the spec definition {@code name}; {@code optional} properties may be absent
     * or null (where Semaphore itself answers null although the spec says string).
     */
    public static void assertMatches(JsonNode value, String name, String... optional) {
        JsonNode def = definitions().get(name);
        assertThat(def).as("spec definition %s", name).isNotNull();
        List<String> problems = new ArrayList<>();
        check(value, def, name, Set.of(optional), problems);
        assertThat(problems).as("response %s against spec definition %s", value, name).isEmpty();
    }

    private static void check(JsonNode value, JsonNode schema, String path, Set<String> optional, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText().replace("#/definitions/", "");
            check(value, definitions().get(ref), path, Set.of(), problems);
            return;
        }
        List<String> types = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            return;
        }
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        if (value.isNull()) {
            if (!types.contains("null")) {
                problems.add(path + " is null but the spec says " + types);
            }
            return;
        }
        boolean ok = types.stream().anyMatch(t -> switch (t) {
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> false;
        });
        if (!ok) {
            problems.add(path + " is " + value.getNodeType() + " but the spec says " + types);
            return;
        }
        if (value.isObject() && schema.has("properties")) {
            schema.get("properties").properties().forEach(p -> {
                if (!value.has(p.getKey())) {
                    if (!optional.contains(p.getKey())) {
                        problems.add(path + "." + p.getKey() + " is missing");
                    }
                } else if (!(optional.contains(p.getKey()) && value.get(p.getKey()).isNull())) {
                    check(value.get(p.getKey()), p.getValue(), path + "." + p.getKey(), Set.of(), problems);
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(item, schema.get("items"), path + "[" + i++ + "]", Set.of(), problems);
            }
        }
    }
}
