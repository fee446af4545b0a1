package io.semaphore.environment;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.key.Hidden;
import java.util.List;

/**
 * Body of {@code POST/PUT /api/project/{project_id}/environment}; absent fields are null (on update: unchanged).
 * {@code json} and {@code env} are JSON objects sent as text, as Semaphore's UI sends them. {@code password} is a
 * JSON node so that an explicit {@code null} (clear the password) differs from an absent field (keep it); see
 * {@link EnvironmentService#update}.
 */
public record EnvironmentRequest(Integer id, String name, Integer projectId, JsonNode password, String json, String env,
                                 List<SecretRequest> secrets) {

    /** One change to the environment's secrets: {@code {id, type: var|env, name, secret, operation}}. */
    public record SecretRequest(Integer id, String type, String name, String secret, String operation) {
        @Override
        public String toString() {
            return "SecretRequest[id=" + id + ", type=" + type + ", name=" + name + ", secret=" + Hidden.of(secret)
                    + ", operation=" + operation + "]";
        }
    }

    /** Extra variables may hold values people consider secret too, so only whether they are there is printed. */
    @Override
    public String toString() {
        return "EnvironmentRequest[id=" + id + ", name=" + name + ", projectId=" + projectId + ", password="
                + (password == null ? "null" : password.isTextual() ? Hidden.of(password.asText()) : password.getNodeType())
                + ", json=" + Hidden.of(json) + ", env=" + Hidden.of(env) + ", secrets=" + secrets + "]";
    }
}
