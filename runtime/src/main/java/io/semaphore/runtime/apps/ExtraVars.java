package io.semaphore.runtime.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job's extra vars (a JSON object): as JSON for ansible, as name=value pairs for terraform and scripts. */
final class ExtraVars {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Semaphore's task details for ansible; not a variable of terraform or scripts. */
    static final String SEMAPHORE_VARS = "semaphore_vars";

    private ExtraVars() {}

    static ObjectNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new AppException("Extra vars are not a JSON object");
    }

    /** Each variable but semaphore_vars: strings as they are, other values as JSON (e.g. [1,2] or true). */
    static Map<String, String> pairs(String json) {
        Map<String, String> pairs = new LinkedHashMap<>();
        parse(json).properties().forEach(entry -> {
            if (!entry.getKey().equals(SEMAPHORE_VARS)) {
                JsonNode value = entry.getValue();
                pairs.put(entry.getKey(), value.isTextual() ? value.textValue() : value.toString());
            }
        });
        return pairs;
    }
}
