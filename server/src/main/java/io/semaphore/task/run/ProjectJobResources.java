package io.semaphore.task.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.json.Json;
import io.semaphore.environment.Environment;
import io.semaphore.environment.EnvironmentSecretValue;
import io.semaphore.environment.EnvironmentService;
import io.semaphore.inventory.Inventory;
import io.semaphore.inventory.InventoryService;
import io.semaphore.key.DecryptedKey;
import io.semaphore.key.KeyService;
import io.semaphore.repository.Repository;
import io.semaphore.repository.RepositoryService;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.KeyMaterial;
import java.util.HashMap;
import java.util.Map;

/** {@link JobResources} over the project's key, repository, inventory and environment services. */
public final class ProjectJobResources implements JobResources {
    private final KeyService keys;
    private final RepositoryService repositories;
    private final InventoryService inventories;
    private final EnvironmentService environments;

    public ProjectJobResources(KeyService keys, RepositoryService repositories, InventoryService inventories,
                               EnvironmentService environments) {
        this.keys = keys;
        this.repositories = repositories;
        this.inventories = inventories;
        this.environments = environments;
    }

    @Override
    public JobSpec.RepositorySpec repository(int projectId, int repositoryId, String branch, String commitHash) {
        Repository r = repositories.get(projectId, repositoryId);
        return new JobSpec.RepositorySpec(r.gitUrl(), branch != null ? branch : r.gitBranch(), commitHash,
                key(projectId, r.sshKeyId()));
    }

    @Override
    public JobSpec.InventorySpec inventory(int projectId, int inventoryId) {
        Inventory i = inventories.get(projectId, inventoryId);
        return new JobSpec.InventorySpec(i.type(), i.inventory(),
                i.sshKeyId() == null ? KeyMaterial.NONE : key(projectId, i.sshKeyId()),
                i.becomeKeyId() == null ? KeyMaterial.NONE : key(projectId, i.becomeKeyId()));
    }

    @Override
    public EnvironmentValues environment(int projectId, Integer environmentId) {
        if (environmentId == null) {
            return EnvironmentValues.EMPTY;
        }
        Environment e = environments.get(projectId, environmentId);
        Map<String, String> env = new HashMap<>();
        if (e.env() != null && !e.env().isBlank()) {
            try {
                JsonNode node = Json.MAPPER.readTree(e.env());
                node.properties().forEach(p -> env.put(p.getKey(), p.getValue().isTextual() ? p.getValue().asText() : p.getValue().toString()));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("Environment " + e.name() + " has invalid env JSON: " + ex.getOriginalMessage());
            }
        }
        Map<String, String> secretVars = new HashMap<>();
        Map<String, String> secretEnv = new HashMap<>();
        for (EnvironmentSecretValue s : environments.decryptedSecrets(projectId, environmentId)) {
            (s.type().equals("env") ? secretEnv : secretVars).put(s.name(), s.value());
        }
        return new EnvironmentValues(e.json() == null || e.json().isBlank() ? "{}" : e.json(), env, secretVars, secretEnv);
    }

    @Override
    public KeyMaterial key(int projectId, int keyId) {
        DecryptedKey k = keys.decrypted(projectId, keyId);
        return new KeyMaterial(k.type().json(), blankToNull(k.login()), blankToNull(k.password()),
                blankToNull(k.privateKey()), blankToNull(k.passphrase()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
