package io.semaphore.runtime.testing;

import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.JobSpec.RepositorySpec;
import io.semaphore.runtime.job.JobSpec.VaultSpec;
import io.semaphore.runtime.job.KeyMaterial;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A JobSpec builder for tests: every field has a plain default. */
public final class Specs {
    public long taskId = 1;
    public String app = "bash";
    public Path workDir;
    public Path repositoryDir;
    public RepositorySpec repository;
    public String playbook = "";
    public InventorySpec inventory;
    public String extraVars = "{}";
    public Map<String, String> env = Map.of();
    public Map<String, String> secretVars = Map.of();
    public List<String> templateArgs = List.of();
    public List<String> taskArgs = List.of();
    public String limit = "";
    public boolean debug;
    public boolean dryRun;
    public boolean diff;
    public List<VaultSpec> vaults = List.of();
    public boolean autoApprove;
    public List<String> secrets = List.of();
    public String appPath;
    public List<String> appArgs = List.of();
    public Map<String, String> baseEnv;
    public String sshConfigPath = "";

    public Specs(String app, Path temp, String repositoryUrl, String playbook) {
        this.app = app;
        this.workDir = temp.resolve("work");
        this.repositoryDir = temp.resolve("repos").resolve("repository_1_1");
        this.repository = new RepositorySpec(repositoryUrl, "main", null, KeyMaterial.NONE);
        this.playbook = playbook;
        this.baseEnv = Shell.baseEnv(workDir);
    }

    /** A new task of the same template: same repository folder, fresh work folder. */
    public Specs nextTask(Path temp) {
        taskId++;
        workDir = temp.resolve("work" + taskId);
        baseEnv = Shell.baseEnv(workDir);
        return this;
    }

    public JobSpec build() {
        return new JobSpec(taskId, app, workDir, repositoryDir, repository, playbook, inventory, extraVars, env,
                secretVars, templateArgs, taskArgs, limit, debug, dryRun, diff, vaults, autoApprove, secrets, appPath,
                appArgs, baseEnv, sshConfigPath);
    }
}
