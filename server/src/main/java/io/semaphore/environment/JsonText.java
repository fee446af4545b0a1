package io.semaphore.environment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.semaphore.errors.ValidationException;
import java.util.Map;

/**
 * Checks the JSON text of an environment's {@code json} (extra variables: any values) and {@code env} (process
 * variables: string, number or boolean values). Errors name the field and, for syntax errors, line and column.
 */
final class JsonText {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonText() {}

    /** Returns {@code text} unchanged when it is one JSON object; {@code scalarValues}: values must not nest. */
    static String object(String field, String text, boolean scalarValues) {
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ValidationException("Field '" + field + "' is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || root.isMissingNode()) {
            throw new ValidationException("Field '" + field + "' is empty; send a JSON object such as {}");
        }
        if (!root.isObject()) {
            throw new ValidationException("Field '" + field + "' must be a JSON object such as {\"name\": \"value\"}, not "
                    + kind(root));
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().isBlank()) {
                throw new ValidationException("Field '" + field + "' has an empty variable name");
            }
            if (scalarValues) {
                checkEnvVar(field, e.getKey(), e.getValue());
            }
        }
        return text;
    }

    private static void checkEnvVar(String field, String name, JsonNode value) {
        if (name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new ValidationException("Field '" + field + "': variable name '" + name + "' must not contain '=' or NUL");
        }
        if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
            throw new ValidationException("Field '" + field + "': variable '" + name + "' must be a string, number or"
                    + " boolean, not " + kind(value));
        }
    }

    private static String kind(JsonNode n) {
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string";
        }
        return n.isNumber() ? "a number" : "a boolean";
    }
}
