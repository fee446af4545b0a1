package io.semaphore.runner.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.json.Json;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.task.run.JobResources;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link JobResources} over one job of a poll: Semaphore's {@code JobData} (repository, inventory, environment with
 * its secret values) and the poll's {@code access_keys}. The project id is the job's; ids name objects of the job.
 */
final class WireJobResources implements JobResources {
    private final JsonNode job;
    private final Map<String, ? extends JsonNode> keys;

    WireJobResources(JsonNode job, Map<String, ? extends JsonNode> keys) {
        this.job = job;
        this.keys = keys == null ? Map.of() : keys;
    }

    @Override
    public JobSpec.RepositorySpec repository(int projectId, int repositoryId, String branch, String commitHash) {
        JsonNode r = job.path("repository");
        String repoBranch = r.path("git_branch").asText("");
        return new JobSpec.RepositorySpec(r.path("git_url").asText(""), branch != null ? branch : repoBranch, commitHash,
                key(projectId, r.path("ssh_key_id").asInt()));
    }

    @Override
    public JobSpec.InventorySpec inventory(int projectId, int inventoryId) {
        JsonNode i = job.path("inventory");
        return new JobSpec.InventorySpec(i.path("type").asText(""), i.path("inventory").asText(""),
                optionalKey(projectId, i.get("ssh_key_id")), optionalKey(projectId, i.get("become_key_id")));
    }

    @Override
    public EnvironmentValues environment(int projectId, Integer environmentId) {
        JsonNode e = job.path("environment");
        if (environmentId == null || e.isMissingNode() || e.isNull()) {
            return EnvironmentValues.EMPTY;
        }
        Map<String, String> env = new HashMap<>();
        String envText = e.path("env").asText("");
        if (!envText.isBlank()) {
            try {
                Json.MAPPER.readTree(envText).properties().forEach(p -> env.put(p.getKey(),
                        p.getValue().isTextual() ? p.getValue().asText() : p.getValue().toString()));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("Environment " + e.path("name").asText() + " has invalid env JSON: "
                        + ex.getOriginalMessage());
            }
        }
        Map<String, String> secretVars = new HashMap<>();
        Map<String, String> secretEnv = new HashMap<>();
        for (JsonNode s : e.path("secrets")) {
            (s.path("type").asText("var").equals("env") ? secretEnv : secretVars)
                    .put(s.path("name").asText(), s.path("secret").asText(""));
        }
        String json = e.path("json").asText("");
        return new EnvironmentValues(json.isBlank() ? "{}" : json, env, secretVars, secretEnv);
    }

    @Override
    public KeyMaterial key(int projectId, int keyId) {
        JsonNode k = keys.get(String.valueOf(keyId));
        if (k == null) {
            throw new IllegalStateException("Key " + keyId + " was not sent with the job");
        }
        String type = k.path("type").asText("none");
        JsonNode ssh = k.path("ssh");
        JsonNode lp = k.path("login_password");
        return switch (type) {
            case "ssh" -> new KeyMaterial(type, blankToNull(ssh.path("login").asText("")), null,
                    blankToNull(ssh.path("private_key").asText("")), blankToNull(ssh.path("passphrase").asText("")));
            case "login_password" -> new KeyMaterial(type, blankToNull(lp.path("login").asText("")),
                    blankToNull(lp.path("password").asText("")), null, null);
            default -> new KeyMaterial(type, null, null, null, null);
        };
    }

    private KeyMaterial optionalKey(int projectId, JsonNode id) {
        return id == null || id.isNull() || id.asInt() == 0 ? KeyMaterial.NONE : key(projectId, id.asInt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
