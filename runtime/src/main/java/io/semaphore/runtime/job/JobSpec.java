package io.semaphore.runtime.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to run one task, with no database: the server builds it from the task, template and project
 * resources (secrets decrypted), and a remote runner receives it. Records holding secrets hide them in toString.
 *
 * @param taskId         the task's id (used in folder names and log lines)
 * @param app            ansible, terraform, tofu, bash, python or powershell
 * @param workDir        a fresh private folder for this task (the runtime may create sub-folders; the caller deletes it)
 * @param repositoryDir  where the repository clone is kept between tasks of the same template (reused: pull, not clone)
 * @param repository     what to check out
 * @param playbook       ansible playbook, script path, or terraform sub-folder, relative to the repository root
 * @param inventory      the inventory (ansible) or workspace (terraform); null for scripts
 * @param extraVars      JSON object text: environment extra vars merged with the task's values, secrets excluded
 *                       (ansible --extra-vars from a private file; terraform -var per key; scripts k=v arguments)
 * @param env            process environment variables (environment "env" plus env-type secrets plus build vars)
 * @param secretVars     secret variables (environment secrets of type var, survey secrets; name → value), never
 *                       on a command line: ansible gets them in the private extra vars file, terraform/tofu as
 *                       TF_VAR_name, scripts as environment variables
 * @param templateArgs   the template's extra arguments
 * @param taskArgs       the task's extra arguments (only when the template allows overriding)
 * @param limit          ansible --limit (empty for none)
 * @param debug          ansible -vvvv
 * @param dryRun         ansible --check
 * @param diff           ansible --diff
 * @param vaults         ansible vault passwords
 * @param autoApprove    terraform: apply without waiting for confirmation
 * @param secrets        every secret value of this job, so the log can mask them
 * @param appPath        the binary to run (null: the app's default, e.g. "ansible-playbook", "terraform", "bash")
 * @param appArgs        the app's own arguments, set by an administrator ({@code /api/apps/{id}}), right after the
 *                       binary: for scripts in place of the interpreter's default ones ({@code --}, {@code -File}),
 *                       for ansible-playbook before its options, for terraform/tofu before each sub-command
 * @param baseEnv        environment every process gets (PATH, HOME=workDir, forwarded variables)
 * @param sshConfigPath  the server's {@code ssh_config_path}: an ssh config file (absolute path) given to every ssh
 *                       the job starts ({@code -F}: git over ssh, ansible's ssh connections); empty for ssh's default
 */
public record JobSpec(long taskId, String app, Path workDir, Path repositoryDir, RepositorySpec repository,
                      String playbook, InventorySpec inventory, String extraVars, Map<String, String> env,
                      Map<String, String> secretVars, List<String> templateArgs, List<String> taskArgs, String limit,
                      boolean debug, boolean dryRun, boolean diff, List<VaultSpec> vaults, boolean autoApprove,
                      List<String> secrets, String appPath, List<String> appArgs, Map<String, String> baseEnv,
                      String sshConfigPath) {

    public JobSpec {
        env = env == null ? Map.of() : Map.copyOf(env);
        secretVars = secretVars == null ? Map.of() : Map.copyOf(secretVars);
        templateArgs = templateArgs == null ? List.of() : List.copyOf(templateArgs);
        taskArgs = taskArgs == null ? List.of() : List.copyOf(taskArgs);
        vaults = vaults == null ? List.of() : List.copyOf(vaults);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        appArgs = appArgs == null ? List.of() : List.copyOf(appArgs);
        baseEnv = baseEnv == null ? Map.of() : Map.copyOf(baseEnv);
        limit = limit == null ? "" : limit;
        extraVars = extraVars == null || extraVars.isBlank() ? "{}" : extraVars;
        sshConfigPath = sshConfigPath == null ? "" : sshConfigPath.strip();
    }

    @Override
    public String toString() {
        return "JobSpec[task " + taskId + ", " + app + ", " + playbook + ", repository " + repository + "]";
    }

    /** A repository to check out: {@code url} is a git URL or an absolute local path (used in place). */
    public record RepositorySpec(String url, String branch, String commitHash, KeyMaterial key) {
        @Override
        public String toString() {
            return url + "@" + branch + (commitHash == null ? "" : " " + commitHash);
        }
    }

    /**
     * The inventory: {@code type} static (INI text in {@code content}), static-yaml, file (a path in the repository
     * in {@code content}), terraform-workspace / tofu-workspace (workspace name in {@code content}).
     */
    public record InventorySpec(String type, String content, KeyMaterial sshKey, KeyMaterial becomeKey) {
        @Override
        public String toString() {
            return "Inventory[" + type + "]";
        }
    }

    /** An ansible vault: a password, or a script path (in the repository) that prints it. */
    public record VaultSpec(String name, String password, String script) {
        @Override
        public String toString() {
            return "Vault[" + name + (script != null ? ", script " + script : "") + "]";
        }
    }
}
