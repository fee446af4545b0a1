package io.semaphore.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Finds a value in a JSON body by a dotted path, as Semaphore's (gojsonq) keys are written: {@code ref},
 * {@code repository.full_name}, {@code commits.[0].id} (also {@code commits[0].id}). The value as text: strings as
 * they are, whole numbers without a fraction ({@code 42}, not {@code 42.0}), objects and arrays as JSON; a path
 * that leads nowhere, or a body that is not JSON, gives null.
 */
final class BodyPath {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BodyPath() {}

    static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String find(JsonNode root, String path) {
        JsonNode n = root;
        if (n == null || path == null || path.isEmpty()) {
            return null;
        }
        for (String part : path.replace("[", ".[").split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("[") && part.endsWith("]")) {
                try {
                    n = n.isArray() ? n.get(Integer.parseInt(part.substring(1, part.length() - 1))) : null;
                } catch (NumberFormatException e) {
                    n = null;
                }
            } else {
                n = n.isObject() ? n.get(part) : null;
            }
            if (n == null) {
                return null;
            }
        }
        return text(n);
    }

    private static String text(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isNumber()) {
            double d = n.asDouble();
            return n.isIntegralNumber() ? n.asText()
                    : d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf((long) d) : n.asText();
        }
        if (n.isValueNode()) {
            return n.asText();
        }
        return n.toString();
    }
}
