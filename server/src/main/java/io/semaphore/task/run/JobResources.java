package io.semaphore.task.run;

import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.KeyMaterial;
import java.util.List;
import java.util.Map;

/**
 * What a task needs from the project's resources, secrets decrypted, for building its {@link JobSpec}. Implemented
 * over the key, repository, inventory and environment services; a missing or foreign object fails with a message
 * that names it.
 */
public interface JobResources {
    /** The repository to check out (url, branch, key). */
    JobSpec.RepositorySpec repository(int projectId, int repositoryId, String branch, String commitHash);

    /** The inventory with its ssh and become keys. */
    JobSpec.InventorySpec inventory(int projectId, int inventoryId);

    /** The environment's extra vars (JSON object text), env variables and secrets. */
    EnvironmentValues environment(int projectId, Integer environmentId);

    KeyMaterial key(int projectId, int keyId);

    /** An environment as the job sees it. */
    record EnvironmentValues(String extraVars, Map<String, String> env, Map<String, String> secretVars,
                             Map<String, String> secretEnv) {
        public static final EnvironmentValues EMPTY = new EnvironmentValues("{}", Map.of(), Map.of(), Map.of());

        /** Every secret value, for masking the log. */
        public List<String> secretValues() {
            return java.util.stream.Stream.concat(secretVars.values().stream(), secretEnv.values().stream()).toList();
        }

        @Override
        public String toString() {
            return "EnvironmentValues[env " + env.keySet() + ", secrets " + secretVars.keySet() + " " + secretEnv.keySet() + "]";
        }
    }
}
