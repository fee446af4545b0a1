package io.semaphore.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code SEMAPHORE_*} environment variables of Semaphore UI and the config.json key each one overrides.
 * Applied to the parsed JSON tree before it is bound, so a variable and a key are validated the same way.
 */
final class EnvOverrides {
    enum Kind { STRING, BOOL, INT, JSON }

    record Binding(String env, String path, Kind kind) {}

    static final List<Binding> BINDINGS = List.of(
            new Binding("SEMAPHORE_PORT", "port", Kind.STRING),
            new Binding("SEMAPHORE_INTERFACE", "interface", Kind.STRING),
            new Binding("SEMAPHORE_TMP_PATH", "tmp_path", Kind.STRING),
            new Binding("SEMAPHORE_SSH_PATH", "ssh_config_path", Kind.STRING),
            new Binding("SEMAPHORE_GIT_CLIENT", "git_client", Kind.STRING),
            new Binding("SEMAPHORE_WEB_ROOT", "web_host", Kind.STRING),
            new Binding("SEMAPHORE_COOKIE_HASH", "cookie_hash", Kind.STRING),
            new Binding("SEMAPHORE_COOKIE_ENCRYPTION", "cookie_encryption", Kind.STRING),
            new Binding("SEMAPHORE_ACCESS_KEY_ENCRYPTION", "access_key_encryption", Kind.STRING),
            new Binding("SEMAPHORE_EMAIL_ALERT", "email_alert", Kind.BOOL),
            new Binding("SEMAPHORE_EMAIL_SENDER", "email_sender", Kind.STRING),
            new Binding("SEMAPHORE_EMAIL_HOST", "email_host", Kind.STRING),
            new Binding("SEMAPHORE_EMAIL_PORT", "email_port", Kind.STRING),
            new Binding("SEMAPHORE_EMAIL_USERNAME", "email_username", Kind.STRING),
            new Binding("SEMAPHORE_EMAIL_PASSWORD", "email_password", Kind.STRING),
            new Binding("SEMAPHORE_EMAIL_SECURE", "email_secure", Kind.BOOL),
            new Binding("SEMAPHORE_EMAIL_TLS", "email_tls", Kind.BOOL),
            new Binding("SEMAPHORE_LDAP_ENABLE", "ldap_enable", Kind.BOOL),
            new Binding("SEMAPHORE_LDAP_ACTIVATED", "ldap_enable", Kind.BOOL),
            new Binding("SEMAPHORE_LDAP_BIND_DN", "ldap_binddn", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_BIND_PASSWORD", "ldap_bindpassword", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_SERVER", "ldap_server", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_SEARCH_DN", "ldap_searchdn", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_SEARCH_FILTER", "ldap_searchfilter", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_NEEDTLS", "ldap_needtls", Kind.BOOL),
            new Binding("SEMAPHORE_LDAP_MAPPING_DN", "ldap_mappings.dn", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_MAPPING_MAIL", "ldap_mappings.mail", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_MAPPING_UID", "ldap_mappings.uid", Kind.STRING),
            new Binding("SEMAPHORE_LDAP_MAPPING_CN", "ldap_mappings.cn", Kind.STRING),
            new Binding("SEMAPHORE_TELEGRAM_ALERT", "telegram_alert", Kind.BOOL),
            new Binding("SEMAPHORE_TELEGRAM_CHAT", "telegram_chat", Kind.STRING),
            new Binding("SEMAPHORE_TELEGRAM_TOKEN", "telegram_token", Kind.STRING),
            new Binding("SEMAPHORE_SLACK_ALERT", "slack_alert", Kind.BOOL),
            new Binding("SEMAPHORE_SLACK_URL", "slack_url", Kind.STRING),
            new Binding("SEMAPHORE_WEBHOOK_ALERT", "webhook_alert", Kind.BOOL),
            new Binding("SEMAPHORE_WEBHOOK_URL", "webhook_url", Kind.STRING),
            new Binding("SEMAPHORE_ROCKETCHAT_ALERT", "rocketchat_alert", Kind.BOOL),
            new Binding("SEMAPHORE_ROCKETCHAT_URL", "rocketchat_url", Kind.STRING),
            new Binding("SEMAPHORE_MICROSOFT_TEAMS_ALERT", "microsoft_teams_alert", Kind.BOOL),
            new Binding("SEMAPHORE_MICROSOFT_TEAMS_URL", "microsoft_teams_url", Kind.STRING),
            new Binding("SEMAPHORE_DINGTALK_ALERT", "dingtalk_alert", Kind.BOOL),
            new Binding("SEMAPHORE_DINGTALK_URL", "dingtalk_url", Kind.STRING),
            new Binding("SEMAPHORE_GOTIFY_ALERT", "gotify_alert", Kind.BOOL),
            new Binding("SEMAPHORE_GOTIFY_URL", "gotify_url", Kind.STRING),
            new Binding("SEMAPHORE_GOTIFY_TOKEN", "gotify_token", Kind.STRING),
            new Binding("SEMAPHORE_OIDC_PROVIDERS", "oidc_providers", Kind.JSON),
            new Binding("SEMAPHORE_MAX_TASK_DURATION_SEC", "max_task_duration_sec", Kind.INT),
            new Binding("SEMAPHORE_MAX_TASKS_PER_TEMPLATE", "max_tasks_per_template", Kind.INT),
            new Binding("SEMAPHORE_MAX_PARALLEL_TASKS", "max_parallel_tasks", Kind.INT),
            new Binding("SEMAPHORE_MAX_TASK_OUTPUT_LINE_KB", "max_task_output_line_kb", Kind.INT),
            new Binding("SEMAPHORE_MAX_TASK_OUTPUT_MB", "max_task_output_mb", Kind.INT),
            new Binding("SEMAPHORE_METRICS_TOKEN", "metrics_token", Kind.STRING),
            new Binding("SEMAPHORE_MAX_TASK_AGE_DAYS", "max_task_age_days", Kind.INT),
            new Binding("SEMAPHORE_SESSION_LIFETIME_MINUTES", "session_lifetime_minutes", Kind.INT),
            new Binding("SEMAPHORE_SESSION_IDLE_TIMEOUT_MINUTES", "session_idle_timeout_minutes", Kind.INT),
            new Binding("SEMAPHORE_RUNNER_REGISTRATION_TOKEN", "runner_registration_token", Kind.STRING),
            new Binding("SEMAPHORE_RUNNER_REGISTRATION_TOKEN", "runner.registration_token", Kind.STRING),
            new Binding("SEMAPHORE_TOTP_ENABLED", "auth.totp.enabled", Kind.BOOL),
            new Binding("SEMAPHORE_TOTP_ALLOW_RECOVERY", "auth.totp.allow_recovery", Kind.BOOL),
            new Binding("SEMAPHORE_PASSWORD_LOGIN_DISABLED", "password_login_disabled", Kind.BOOL),
            new Binding("SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT", "non_admin_can_create_project", Kind.BOOL),
            new Binding("SEMAPHORE_USE_REMOTE_RUNNER", "use_remote_runner", Kind.BOOL),
            new Binding("SEMAPHORE_INTEGRATION_ALIAS", "global_integration_alias", Kind.STRING),
            new Binding("SEMAPHORE_APPS", "apps", Kind.JSON),
            new Binding("SEMAPHORE_RUNNER_TOKEN", "runner.token", Kind.STRING),
            new Binding("SEMAPHORE_RUNNER_TOKEN_FILE", "runner.token_file", Kind.STRING),
            new Binding("SEMAPHORE_RUNNER_ONE_OFF", "runner.one_off", Kind.BOOL),
            new Binding("SEMAPHORE_RUNNER_WEBHOOK", "runner.webhook", Kind.STRING),
            new Binding("SEMAPHORE_RUNNER_MAX_PARALLEL_TASKS", "runner.max_parallel_tasks", Kind.INT),
            new Binding("SEMAPHORE_ENV_VARS", "env_vars", Kind.JSON),
            new Binding("SEMAPHORE_FORWARDED_ENV_VARS", "forwarded_env_vars", Kind.JSON),
            new Binding("SEMAPHORE_TRUSTED_PROXIES", "trusted_proxies", Kind.JSON),
            new Binding("SEMAPHORE_SCHEDULE_TIMEZONE", "schedule.timezone", Kind.STRING),
            new Binding("SEMAPHORE_LOG_FORMAT", "log_format", Kind.STRING),
            new Binding("SEMAPHORE_ACCESS_LOG", "access_log", Kind.BOOL));

    /** Database variables; they go to the block of the chosen dialect. */
    static final Map<String, String> DB_BINDINGS = Map.of(
            "SEMAPHORE_DB_HOST", "host",
            "SEMAPHORE_DB_USER", "user",
            "SEMAPHORE_DB_PASS", "pass",
            "SEMAPHORE_DB_NAME", "name",
            "SEMAPHORE_DB", "name",
            "SEMAPHORE_DB_PATH", "host",
            "SEMAPHORE_DB_OPTIONS", "options");

    private EnvOverrides() {}

    static void apply(ObjectNode root, Map<String, String> env, ObjectMapper json) {
        for (Binding b : BINDINGS) {
            String raw = env.get(b.env());
            if (raw == null) {
                continue;
            }
            set(root, b.path(), value(b.env(), raw, b.kind(), json));
        }
    }

    static void applyDatabase(String dialect, ObjectNode block, Map<String, String> env, ObjectMapper json) {
        for (var e : DB_BINDINGS.entrySet()) {
            String raw = env.get(e.getKey());
            if (raw == null || (e.getKey().equals("SEMAPHORE_DB_PATH") && env.containsKey("SEMAPHORE_DB_HOST"))) {
                continue;
            }
            if (e.getKey().equals("SEMAPHORE_DB_PATH")) {
                // Semaphore's container image uses SEMAPHORE_DB_PATH as the folder of its file database
                // (/var/lib/semaphore), beside a server database's host: only SQLite's file goes there.
                if (!dialect.equals("sqlite")) {
                    continue;
                }
                if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(raw))) {
                    raw = java.nio.file.Path.of(raw, "database.sqlite").toString();
                }
            }
            Kind kind = e.getValue().equals("options") ? Kind.JSON : Kind.STRING;
            block.set(e.getValue(), value(e.getKey(), raw, kind, json));
        }
        String port = env.get("SEMAPHORE_DB_PORT");
        if (port != null && !port.isBlank()) {
            String host = block.path("host").asText("");
            if (!host.contains(":")) {
                block.put("host", (host.isEmpty() ? "127.0.0.1" : host) + ":" + port.trim());
            }
        }
    }

    private static JsonNode value(String env, String raw, Kind kind, ObjectMapper json) {
        return switch (kind) {
            case STRING -> json.getNodeFactory().textNode(raw);
            case BOOL -> json.getNodeFactory().booleanNode(parseBool(env, raw));
            case INT -> {
                try {
                    yield json.getNodeFactory().numberNode(Integer.parseInt(raw.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigException(env + "='" + raw + "' is not a whole number");
                }
            }
            case JSON -> {
                try {
                    yield json.readTree(raw);
                } catch (JsonProcessingException e) {
                    throw new ConfigException(env + " must hold JSON: " + e.getOriginalMessage());
                }
            }
        };
    }

    /** Semaphore reads 1, true and yes as true; we also accept the usual false words and refuse anything else. */
    static boolean parseBool(String name, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new ConfigException(name + "='" + raw + "' is not a boolean; allowed: true, false, 1, 0, yes, no");
        };
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode obj ? obj : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }
}
