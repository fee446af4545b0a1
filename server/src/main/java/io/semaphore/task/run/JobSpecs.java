package io.semaphore.task.run;

import io.semaphore.task.state.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.json.Json;
import io.semaphore.apps.AppService;
import io.semaphore.config.Config;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateVault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link JobSpec} of a task from its template and the project's resources: which inventory and branch
 * (task overrides first), the extra vars (environment, then task values; task values win over the environment,
 * unlike Semaphore, because the person starting the task chose them last), the secret vars (environment secrets
 * of type var and survey secrets, kept apart so that no app puts them on a command line), the process environment,
 * vault passwords and the list of secrets the log must mask (the server's own secrets from the config included).
 */
public final class JobSpecs {
    private final JobResources resources;
    private final Config config;
    private final java.util.function.Function<String, String> appPaths;

    JobSpecs(JobResources resources, Config config, AppService apps) {
        this(resources, config, apps::path);
    }

    /**
     * Also what a remote runner builds its jobs with: {@code appPaths} gives an app's command (null: its default),
     * {@code config} the runner's own (its temp folder, its secrets to mask, its forwarded variables).
     */
    public JobSpecs(JobResources resources, Config config, java.util.function.Function<String, String> appPaths) {
        this.resources = resources;
        this.config = config;
        this.appPaths = appPaths;
    }

    public JobSpec build(Task task, Template tpl, String secretJson, String username, Path workDir) {
        List<String> secrets = new ArrayList<>();
        String branch = task.gitBranch() != null ? task.gitBranch() : tpl.gitBranch();
        JobSpec.RepositorySpec repo = resources.repository(task.projectId(), tpl.repositoryId(), branch, task.commitHash());
        collect(secrets, repo.key());
        Integer inventoryId = task.inventoryId() != null ? task.inventoryId() : tpl.inventoryId();
        JobSpec.InventorySpec inventory = inventoryId == null ? null : resources.inventory(task.projectId(), inventoryId);
        if (inventory != null) {
            collect(secrets, inventory.sshKey());
            collect(secrets, inventory.becomeKey());
        }
        JobResources.EnvironmentValues env = resources.environment(task.projectId(), tpl.environmentId());
        secrets.addAll(env.secretValues());
        secrets.addAll(config.secretValues()); // a task must not be able to print the server's own keys either

        ObjectNode vars = object(env.extraVars());
        vars.setAll(object(task.environment()));
        // Secrets never go on a command line: the environment's var secrets, the survey's secret answers, and a
        // value of a secret survey variable sent among the ordinary extra vars all travel as secret vars.
        Map<String, String> secretVars = new LinkedHashMap<>(env.secretVars());
        Set<String> secretSurveyNames = new HashSet<>();
        tpl.surveyVars().stream().filter(v -> v.type().equals("secret")).forEach(v -> secretSurveyNames.add(v.name()));
        for (String name : secretSurveyNames) {
            if (vars.has(name)) {
                secretVars.put(name, text(vars.get(name)));
            }
        }
        object(secretJson).properties().forEach(e -> secretVars.put(e.getKey(), text(e.getValue())));
        secretVars.keySet().forEach(vars::remove); // a secret wins over an ordinary variable of the same name
        secretVars.values().stream().filter(v -> !v.isEmpty()).forEach(secrets::add);
        ObjectNode semaphoreVars = vars.putObject("semaphore_vars").putObject("task_details");
        semaphoreVars.put("id", task.id()).put("username", username == null ? "" : username)
                .put("message", task.message());
        if (!config.webHost().isEmpty()) {
            semaphoreVars.put("url", config.webHost().replaceAll("/$", "") + "/project/" + task.projectId() + "/history?t=" + task.id());
        }
        Map<String, String> processEnv = new HashMap<>(env.env());
        processEnv.putAll(env.secretEnv());
        if (!tpl.type().isEmpty()) {
            processEnv.put("SEMAPHORE_TASK_TYPE", tpl.type());
            if (task.version() != null) {
                processEnv.put(tpl.type().equals("build") ? "SEMAPHORE_TASK_TARGET_VERSION" : "SEMAPHORE_TASK_INCOMING_VERSION", task.version());
                semaphoreVars.put(tpl.type().equals("build") ? "target_version" : "incoming_version", task.version());
            }
        }
        List<JobSpec.VaultSpec> vaults = new ArrayList<>();
        for (TemplateVault v : tpl.vaults()) {
            if (v.vaultKeyId() != null) {
                KeyMaterial k = resources.key(task.projectId(), v.vaultKeyId());
                collect(secrets, k);
                vaults.add(new JobSpec.VaultSpec(v.name(), k.password(), null));
            } else {
                vaults.add(new JobSpec.VaultSpec(v.name(), null, v.script()));
            }
        }
        Path repoDir = Path.of(config.tmpPath()).resolve("repository_" + tpl.repositoryId() + "_" + tpl.id());
        String playbook = task.playbook() != null && !task.playbook().isBlank() ? task.playbook() : tpl.playbook();
        String autoApprove = tpl.taskParams() == null ? null : tpl.taskParams().path("auto_approve").asText(null);
        return new JobSpec(task.id(), tpl.app(), workDir, repoDir, repo, playbook, inventory, vars.toString(), processEnv,
                secretVars, stringArray(tpl.arguments()), stringArray(task.arguments()), task.limit(), task.debug(),
                task.dryRun(), task.diff(), vaults, "true".equals(autoApprove), secrets, appPath(tpl.app()), baseEnv(workDir));
    }

    /** The app's command from its settings (config.json's apps, or what an administrator saved), else null. */
    private String appPath(String app) {
        return appPaths.apply(app);
    }

    /** PATH and HOME as Semaphore gives them, plus forwarded variables and env_vars from the config. */
    private Map<String, String> baseEnv(Path workDir) {
        Map<String, String> env = new HashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("HOME", workDir.toString());
        env.put("LANG", "C.UTF-8");
        for (String name : config.forwardedEnvVars()) {
            String v = System.getenv(name);
            if (v != null) {
                env.put(name, v);
            }
        }
        env.putAll(config.envVars());
        return env;
    }

    private static void collect(List<String> secrets, KeyMaterial k) {
        if (k == null) {
            return;
        }
        for (String s : new String[] {k.password(), k.passphrase(), k.privateKey()}) {
            if (s != null && !s.isEmpty()) {
                secrets.add(s);
            }
        }
    }

    /** A variable's value as the program gets it: text as it is, anything else as JSON. */
    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.isNull() ? "" : value.toString();
    }

    private static ObjectNode object(String json) {
        if (json == null || json.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return n instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON in task or environment: " + e.getOriginalMessage());
        }
    }

    private static List<String> stringArray(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            Json.MAPPER.readTree(json).forEach(n -> out.add(n.asText()));
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid arguments JSON: " + e.getOriginalMessage());
        }
    }
}
