package io.semaphore.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Semaphore's project backup document. Objects refer to each other by name, never by id, and no secret is in it.
 * Reading is lenient so backups made by Semaphore UI itself (v2.10: a template's {@code cron} and
 * {@code vault_key}; newer: a {@code schedules} list, {@code environments} per template) restore too.
 */
public record BackupFormat(Meta meta, List<Template> templates, List<Repository> repositories, List<Key> keys,
                           List<View> views, List<Inventory> inventories, List<Environment> environments,
                           List<Integration> integrations, List<String> integrationAliases, List<Schedule> schedules) {

    public BackupFormat {
        templates = orEmpty(templates);
        repositories = orEmpty(repositories);
        keys = orEmpty(keys);
        views = orEmpty(views);
        inventories = orEmpty(inventories);
        environments = orEmpty(environments);
        integrations = orEmpty(integrations);
        integrationAliases = orEmpty(integrationAliases);
        schedules = orEmpty(schedules);
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }

    public record Meta(String name, Boolean alert, String alertChat, Integer maxParallelTasks, String type) {}

    public record Key(String name, String type) {}

    public record Repository(String name, String gitUrl, String gitBranch, String sshKey) {}

    public record View(String title, Integer position) {}

    public record Inventory(String name, String inventory, String sshKey, String becomeKey, String type,
                            String repository) {}

    /** {@code password} is read from backups that carry one (Semaphore's) and written as null: no secrets out. */
    public record Environment(String name, String password, String json, String env) {}

    public record Vault(String name, String type, String script, String vaultKey) {}

    public record Template(String name, String playbook, String arguments, Boolean allowOverrideArgsInTask,
                           Boolean allowOverrideBranchInTask, Boolean allowParallelTasks, String description,
                           String type, String app, String startVersion, Boolean autorun, JsonNode surveyVars,
                           Boolean suppressSuccessAlerts, String gitBranch, JsonNode taskParams, String inventory,
                           String repository, String environment, List<String> environments, String buildTemplate,
                           String view, List<Vault> vaults, String vaultKey, String cron) {}

    /** {@code type}, {@code run_at} and {@code delete_after_run} as newer Semaphore versions write them (one-time runs). */
    public record Schedule(String name, String cronFormat, Boolean active, String template, String type,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           java.time.Instant runAt, Boolean deleteAfterRun) {
        public boolean oneTime() {
            return "run_at".equals(type);
        }
    }

    public record Matcher(String name, String matchType, String method, String bodyDataType, String key, String value) {}

    public record ExtractValue(String name, String valueSource, String bodyDataType, String key, String variable) {}

    public record Integration(String name, String template, String authMethod, String authSecret, String authHeader,
                              Boolean searchable, List<String> aliases, List<Matcher> matchers,
                              List<ExtractValue> extractValues) {}
}
