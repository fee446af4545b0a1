package io.semaphore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    private Config load(String json, Map<String, String> env) throws IOException {
        return new ConfigLoader(env, dir).load(write(json), false);
    }

    @Test
    void noConfigAnywhere_createsSqliteConfigWithSecrets_andKeepsThem() {
        Map<String, String> env = Map.of("SEMAPHORE_DATA_DIR", dir.resolve("data").toString());
        Config first = new ConfigLoader(env, dir).load(null, false);
        assertThat(first.dialect()).isEqualTo("sqlite");
        assertThat(first.sqlite().host()).isEqualTo(dir.resolve("data/database.sqlite").toString());
        assertThat(first.accessKeyEncryption()).isNotEmpty();
        assertThat(first.cookieHash()).isNotEmpty();
        assertThat(first.source()).isEqualTo(dir.resolve("data/config.json"));
        Config second = new ConfigLoader(env, dir).load(null, false);
        assertThat(second.accessKeyEncryption()).isEqualTo(first.accessKeyEncryption());
        assertThat(second.cookieHash()).isEqualTo(first.cookieHash());
    }

    @Test
    void semaphoreKeys_areRead() throws IOException {
        Config c = load("""
                {"dialect": "postgres", "postgres": {"host": "db:5432", "user": "sem", "pass": "pw", "name": "semaphore",
                 "options": {"sslmode": "disable"}},
                 "port": ":3001", "interface": "127.0.0.1", "tmp_path": "/var/tmp/sem", "web_host": "https://sem.example.com",
                 "max_parallel_tasks": 4, "max_tasks_per_template": 7, "password_login_disable": true,
                 "non_admin_can_create_project": true, "email_alert": true, "email_host": "smtp", "email_port": "25",
                 "ldap_enable": true, "ldap_mappings": {"mail": "email"}, "ldap_server": "ldap.example.com:389",
                 "ldap_searchfilter": "(uid=%s)", "auth": {"totp": {"enabled": true, "allow_recovery": true}, "email": {}},
                 "runner": {},
                 "oidc_providers": {"google": {"display_name": "Google", "provider_url": "https://accounts.google.com", "client_id": "c"}},
                 "env_vars": {"A": "1"}, "forwarded_env_vars": ["PATH"], "apps": {"ansible": {"active": true}}}
                """, Map.of());
        assertThat(c.dialect()).isEqualTo("postgres");
        assertThat(c.database().host()).isEqualTo("db:5432");
        assertThat(c.database().options()).containsEntry("sslmode", "disable");
        assertThat(c.listenPort()).isEqualTo(3001);
        assertThat(c.iface()).isEqualTo("127.0.0.1");
        assertThat(c.maxParallelTasks()).isEqualTo(4);
        assertThat(c.maxTasksPerTemplate()).isEqualTo(7);
        assertThat(c.passwordLoginDisabled()).isTrue();
        assertThat(c.nonAdminCanCreateProject()).isTrue();
        assertThat(c.ldapMappings().mail()).isEqualTo("email");
        assertThat(c.ldapMappings().uid()).isEqualTo("uid");
        assertThat(c.runner()).isEqualTo(RunnerConfig.defaults());
        assertThat(c.oidcProviders().get("google").displayName()).isEqualTo("Google");
        assertThat(c.envVars()).containsEntry("A", "1");
        assertThat(c.forwardedEnvVars()).containsExactly("PATH");
        assertThat(c.apps()).containsKey("ansible");
        assertThat(c.auth().totp().enabled()).isTrue();
        assertThat(c.auth().totp().allowRecovery()).isTrue();
    }

    @Test
    void signInMethods_areValidated_andTotpHasItsVariables() throws IOException {
        assertThatThrownBy(() -> load("{\"ldap_enable\": true, \"ldap_searchfilter\": \"(uid=x)\"}", Map.of()))
                .hasMessageContaining("'ldap_server'").hasMessageContaining("must hold %s");
        assertThatThrownBy(() -> load("{\"oidc_providers\": {\"corp\": {\"display_name\": \"Corp\"}}}", Map.of()))
                .hasMessageContaining("'oidc_providers.corp' needs provider_url").hasMessageContaining("needs client_id");
        Config c = load("{}", Map.of("SEMAPHORE_TOTP_ENABLED", "true", "SEMAPHORE_TOTP_ALLOW_RECOVERY", "1"));
        assertThat(c.auth().totp().enabled()).isTrue();
        assertThat(c.auth().totp().allowRecovery()).isTrue();
        assertThat(load("{}", Map.of()).auth().totp().enabled()).isFalse();
    }

    @Test
    void defaults_matchSemaphore() throws IOException {
        Config c = load("{}", Map.of());
        assertThat(c.dialect()).isEqualTo("sqlite");
        assertThat(c.listenPort()).isEqualTo(3000);
        assertThat(c.maxParallelTasks()).isEqualTo(10);
        assertThat(c.tmpPath()).isEqualTo("/tmp/semaphore");
        assertThat(c.gitClient()).isEqualTo("cmd_git");
    }

    @Test
    void environmentVariables_overrideTheFile() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SEMAPHORE_PORT", "4000");
        env.put("SEMAPHORE_MAX_PARALLEL_TASKS", "2");
        env.put("SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT", "yes");
        env.put("SEMAPHORE_PASSWORD_LOGIN_DISABLED", "1");
        env.put("SEMAPHORE_DB_DIALECT", "mysql");
        env.put("SEMAPHORE_DB_HOST", "mysql.local");
        env.put("SEMAPHORE_DB_PORT", "3307");
        env.put("SEMAPHORE_DB_USER", "u");
        env.put("SEMAPHORE_DB_PASS", "p");
        env.put("SEMAPHORE_DB", "semdb");
        env.put("SEMAPHORE_LDAP_MAPPING_CN", "displayName");
        env.put("SEMAPHORE_ENV_VARS", "{\"X\":\"y\"}");
        env.put("SEMAPHORE_WEB_ROOT", "http://sem.local:3000");
        Config c = load("{\"port\": \"3000\", \"max_parallel_tasks\": 9}", env);
        assertThat(c.listenPort()).isEqualTo(4000);
        assertThat(c.maxParallelTasks()).isEqualTo(2);
        assertThat(c.nonAdminCanCreateProject()).isTrue();
        assertThat(c.passwordLoginDisabled()).isTrue();
        assertThat(c.dialect()).isEqualTo("mysql");
        assertThat(c.database().host()).isEqualTo("mysql.local:3307");
        assertThat(c.database().name()).isEqualTo("semdb");
        assertThat(c.database().user()).isEqualTo("u");
        assertThat(c.ldapMappings().cn()).isEqualTo("displayName");
        assertThat(c.runner()).isEqualTo(RunnerConfig.defaults());
        assertThat(c.envVars()).containsEntry("X", "y");
        assertThat(c.webHost()).isEqualTo("http://sem.local:3000");
    }

    /** Ours: caps on task output, with defaults, SEMAPHORE_* overrides and their ranges checked at start. */
    @Test
    void taskOutputCaps_defaultOverrideAndValidate() throws IOException {
        Config defaults = load("{}", Map.of());
        assertThat(defaults.maxTaskOutputLineKb()).isEqualTo(64);
        assertThat(defaults.maxTaskOutputMb()).isEqualTo(500);
        Config set = load("{\"max_task_output_line_kb\": 8, \"max_task_output_mb\": 20}",
                Map.of("SEMAPHORE_MAX_TASK_OUTPUT_MB", "0"));
        assertThat(set.maxTaskOutputLineKb()).isEqualTo(8);
        assertThat(set.maxTaskOutputMb()).isZero();
        assertThat(load("{}", Map.of("SEMAPHORE_MAX_TASK_OUTPUT_LINE_KB", "2")).maxTaskOutputLineKb()).isEqualTo(2);

        assertThatThrownBy(() -> load("{\"max_task_output_line_kb\": 0}", Map.of()))
                .hasMessageContaining("'max_task_output_line_kb' is 0; allowed: 1 to 65536");
        assertThatThrownBy(() -> load("{\"max_task_output_mb\": -1}", Map.of()))
                .hasMessageContaining("'max_task_output_mb' is -1; allowed: 0 (no limit)");
        assertThatThrownBy(() -> load("{}", Map.of("SEMAPHORE_MAX_TASK_OUTPUT_MB", "lots")))
                .hasMessageContaining("SEMAPHORE_MAX_TASK_OUTPUT_MB='lots' is not a whole number");
    }

    @Test
    void scheduleTimezone_asSemaphore_defaultUtc_envOverrides_andAnUnknownZoneIsRefused() throws IOException {
        assertThat(load("{}", Map.of()).schedule().timezone()).isEqualTo("UTC");
        assertThat(load("{\"schedule\": {\"timezone\": \"America/New_York\"}}", Map.of()).schedule().timezone())
                .isEqualTo("America/New_York");
        assertThat(load("{\"schedule\": {\"timezone\": \"America/New_York\"}}",
                Map.of("SEMAPHORE_SCHEDULE_TIMEZONE", "Europe/Berlin")).schedule().timezone()).isEqualTo("Europe/Berlin");
        assertThatThrownBy(() -> load("{\"schedule\": {\"timezone\": \"Mars/Olympus\"}}", Map.of()))
                .hasMessageContaining("'schedule.timezone' is 'Mars/Olympus'; allowed: an IANA time zone name");
    }

    @Test
    void dialect_isInferredFromThePresentBlock() throws IOException {
        Config c = load("{\"postgres\": {\"host\": \"pg:5432\", \"name\": \"s\"}}", Map.of());
        assertThat(c.dialect()).isEqualTo("postgres");
    }

    @Test
    void unknownKey_failsNamingItAndTheAllowedKeys() {
        assertThatThrownBy(() -> load("{\"prot\": \"3000\"}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown config key 'prot'")
                .hasMessageContaining("port")
                .hasMessageContaining("max_parallel_tasks");
    }

    @Test
    void invalidValues_failNamingKeyAndAllowedValues() {
        assertThatThrownBy(() -> load("{\"dialect\": \"oracle\"}", Map.of()))
                .hasMessageContaining("'dialect'").hasMessageContaining("sqlite, postgres, mysql");
        assertThatThrownBy(() -> load("{\"dialect\": \"bolt\"}", Map.of())).hasMessageContaining("BoltDB");
        assertThatThrownBy(() -> load("{\"port\": \"http\"}", Map.of())).hasMessageContaining("'port'");
        assertThatThrownBy(() -> load("{\"port\": \"99999\"}", Map.of())).hasMessageContaining("0-65535");
        assertThatThrownBy(() -> load("{\"max_parallel_tasks\": -1}", Map.of())).hasMessageContaining("'max_parallel_tasks'");
        assertThatThrownBy(() -> load("{\"max_parallel_tasks\": \"many\"}", Map.of())).hasMessageContaining("max_parallel_tasks");
        assertThatThrownBy(() -> load("{\"git_client\": \"jgit\"}", Map.of())).hasMessageContaining("allowed: cmd_git");
        assertThatThrownBy(() -> load("{\"web_host\": \"sem.example.com\"}", Map.of())).hasMessageContaining("'web_host'");
        assertThatThrownBy(() -> load("{\"access_key_encryption\": \"c2hvcnQ=\"}", Map.of())).hasMessageContaining("16, 24 or 32 bytes");
        assertThatThrownBy(() -> load("{\"dialect\": \"postgres\", \"postgres\": {\"host\": \"pg\"}}", Map.of()))
                .hasMessageContaining("'postgres.name'");
        assertThatThrownBy(() -> load("{\"port\": ", Map.of())).hasMessageContaining("not valid JSON").hasMessageContaining("line");
        assertThatThrownBy(() -> load("{}", Map.of("SEMAPHORE_EMAIL_ALERT", "maybe")))
                .hasMessageContaining("SEMAPHORE_EMAIL_ALERT").hasMessageContaining("true, false");
        assertThatThrownBy(() -> load("{}", Map.of("SEMAPHORE_MAX_PARALLEL_TASKS", "ten")))
                .hasMessageContaining("SEMAPHORE_MAX_PARALLEL_TASKS");
    }

    @Test
    void trustedProxies_areReadFromTheFileOrTheEnvironment_andValidated() throws IOException {
        assertThat(load("{}", Map.of()).trustedProxies()).isEmpty();
        assertThat(load("{\"trusted_proxies\": [\"127.0.0.1\", \"10.0.0.0/8\", \"fd00::/8\", \"::1\"]}", Map.of())
                .trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1");
        assertThat(load("{}", Map.of("SEMAPHORE_TRUSTED_PROXIES", "[\"192.168.0.0/16\"]")).trustedProxies())
                .containsExactly("192.168.0.0/16");
        assertThatThrownBy(() -> load("{\"trusted_proxies\": [\"proxy.local\"]}", Map.of()))
                .hasMessageContaining("'trusted_proxies'").hasMessageContaining("proxy.local")
                .hasMessageContaining("IP address or CIDR range");
        assertThatThrownBy(() -> load("{\"trusted_proxies\": [\"10.0.0.0/33\"]}", Map.of()))
                .hasMessageContaining("'trusted_proxies'").hasMessageContaining("/0 to /32");
        assertThatThrownBy(() -> load("{\"trusted_proxies\": \"10.0.0.1\"}", Map.of()))
                .hasMessageContaining("trusted_proxies");
        assertThatThrownBy(() -> load("{}", Map.of("SEMAPHORE_TRUSTED_PROXIES", "10.0.0.1")))
                .hasMessageContaining("SEMAPHORE_TRUSTED_PROXIES");
        assertThatThrownBy(() -> load("{}", Map.of("SEMAPHORE_TRUSTED_PROXIES", "[\"1.2.3\"]")))
                .hasMessageContaining("'trusted_proxies'").hasMessageContaining("1.2.3");
    }

    @Test
    void missingSecrets_areGeneratedIntoTheFile() throws IOException {
        Path f = write("{\"port\": \"3000\"}");
        Config c = new ConfigLoader(Map.of(), dir).load(f, false);
        assertThat(c.accessKeyEncryption()).isNotEmpty();
        assertThat(Files.readString(f)).contains("access_key_encryption").contains("cookie_hash");
    }

    @Test
    void noConfigMode_requiresAnAccessKeyEncryptionKey() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(null, true))
                .hasMessageContaining("SEMAPHORE_ACCESS_KEY_ENCRYPTION");
        Config c = new ConfigLoader(Map.of("SEMAPHORE_ACCESS_KEY_ENCRYPTION", ConfigLoader.randomSecret(),
                "SEMAPHORE_DATA_DIR", dir.toString()), dir).load(null, true);
        assertThat(c.source()).isNull();
        assertThat(c.sqlite().host()).isEqualTo(dir.resolve("database.sqlite").toString());
    }

    @Test
    void explicitPathThatDoesNotExist_fails() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(dir.resolve("nope.json"), false))
                .hasMessageContaining("does not exist");
    }

    @Test
    void toString_revealsNoSecret() throws IOException {
        Config c = load("{\"email_password\": \"hunter2\", \"postgres\": {\"pass\": \"dbpass\"}}", Map.of());
        assertThat(c.toString()).doesNotContain("hunter2").doesNotContain("dbpass").doesNotContain(c.accessKeyEncryption());
    }
    /** The variables of Semaphore's container image, where both are folders: /etc/semaphore, /var/lib/semaphore. */
    @Test
    void containerImageFolders_configPathAndDbPath_pointAtTheirFiles() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path data = Files.createDirectories(dir.resolve("var"));
        Files.writeString(etc.resolve("config.json"), "{\"port\": \"3005\"}");
        Map<String, String> env = Map.of("SEMAPHORE_CONFIG_PATH", etc.toString(), "SEMAPHORE_DB_PATH", data.toString());
        Config c = new ConfigLoader(env, dir).load(null, false);
        assertThat(c.source()).isEqualTo(etc.resolve("config.json"));
        assertThat(c.listenPort()).isEqualTo(3005);
        assertThat(c.dialect()).isEqualTo("sqlite");
        assertThat(c.database().host()).isEqualTo(data.resolve("database.sqlite").toString());

        // a file path is used as it is; a folder without config.json says which file it looked for
        assertThat(new ConfigLoader(Map.of("SEMAPHORE_DB_PATH", dir.resolve("my.db").toString()), dir).load(
                etc.resolve("config.json"), false).database().host()).isEqualTo(dir.resolve("my.db").toString());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> new ConfigLoader(Map.of("SEMAPHORE_CONFIG_PATH", empty.toString()), dir).load(null, false))
                .hasMessageContaining(empty.resolve("config.json").toString());
    }

    @Test
    void dbPath_doesNotTouchAServerDatabase() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SEMAPHORE_DB_DIALECT", "postgres");
        env.put("SEMAPHORE_DB_PATH", dir.toString());
        env.put("SEMAPHORE_DB", "semaphore");
        Config c = load("{\"postgres\": {\"host\": \"db:5432\"}}", env);
        assertThat(c.database().host()).isEqualTo("db:5432");
    }

    @Test
    void sshConfigPath_mustNameAReadableFile_andIsMadeAbsolute() throws IOException {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "Host x\n  HostName 127.0.0.1\n");
        assertThat(load("{\"ssh_config_path\": \"" + sshConfig + "\"}", Map.of()).sshConfigFile())
                .isEqualTo(sshConfig.toString());
        assertThat(load("{}", Map.of("SEMAPHORE_SSH_PATH", sshConfig.toString())).sshConfigFile())
                .isEqualTo(sshConfig.toString());
        assertThat(load("{}", Map.of()).sshConfigFile()).isEmpty();
        assertThatThrownBy(() -> load("{\"ssh_config_path\": \"" + dir.resolve("missing") + "\"}", Map.of()))
                .hasMessageContaining("'ssh_config_path'").hasMessageContaining("no readable file there");
    }
}
