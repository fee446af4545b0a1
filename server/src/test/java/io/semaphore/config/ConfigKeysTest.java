package io.semaphore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every config.json key and {@code SEMAPHORE_*} variable the loader accepts either acts or is refused at start-up
 * saying it is not supported yet. The keys are walked from the records the config binds to (a key added there
 * fails this test until it is placed in the table), each with the class of the server that reads it - checked
 * over the compiled classes: that class must call the key's accessor - or with the config that is refused.
 * What each key does is in docs/configuration.md; the effects themselves are tested where they act.
 */
class ConfigKeysTest {
    /** Where a key acts: the record and accessor that hold it, and a server class that calls that accessor. */
    record Acts(Class<?> owner, String accessor, String reader) {}

    /** A key refused when set: a config.json fragment setting it, and the words the refusal must hold. */
    record Refused(String json, String because) {}

    private static final String NOT_YET = "not supported yet";
    private static final Map<String, Object> KEYS = new LinkedHashMap<>();

    static {
        acts("dialect", Config.class, "dialect", "io.semaphore.app.Services");
        for (String db : new String[] {"sqlite", "mysql", "postgres"}) {
            acts(db, Config.class, "database", "io.semaphore.app.Services");
            acts(db + ".host", DbConfig.class, "host", "io.semaphore.db.Dialect");
            acts(db + ".user", DbConfig.class, "user", "io.semaphore.db.Dialect");
            acts(db + ".pass", DbConfig.class, "pass", "io.semaphore.db.Dialect");
            acts(db + ".name", DbConfig.class, "name", "io.semaphore.db.Dialect");
            acts(db + ".options", DbConfig.class, "options", "io.semaphore.db.Dialect");
        }
        acts("port", Config.class, "listenPort", "io.semaphore.app.Server");
        acts("interface", Config.class, "iface", "io.semaphore.app.Server");
        acts("tmp_path", Config.class, "tmpPath", "io.semaphore.task.run.JobSpecs");
        acts("ssh_config_path", Config.class, "sshConfigFile", "io.semaphore.task.run.JobSpecs");
        // cmd_git (the default) is the git program every checkout runs; go_git is refused
        KEYS.put("git_client", new Refused("{\"git_client\": \"go_git\"}", "go_git"));
        acts("web_host", Config.class, "webHost", "io.semaphore.task.run.JobSpecs");
        acts("cookie_hash", Config.class, "cookieHash", "io.semaphore.app.Services");
        acts("cookie_encryption", Config.class, "cookieEncryption", "io.semaphore.app.Services");
        acts("access_key_encryption", Config.class, "accessKeyEncryption", "io.semaphore.app.Services");
        for (String mail : new String[] {"emailAlert", "emailSender", "emailHost", "emailPort", "emailUsername",
                "emailPassword", "emailSecure", "emailTls"}) {
            acts(snake(mail), Config.class, mail, "io.semaphore.notification.EmailNotifier");
        }
        acts("ldap_enable", Config.class, "ldapEnable", "io.semaphore.auth.ldap.LdapSettings");
        for (String ldap : new String[] {"ldapBinddn", "ldapBindpassword", "ldapServer", "ldapSearchdn",
                "ldapSearchfilter", "ldapNeedtls", "ldapMappings"}) {
            acts(snake(ldap), Config.class, ldap, "io.semaphore.auth.ldap.LdapSettings");
        }
        for (String m : new String[] {"dn", "mail", "uid", "cn"}) {
            acts("ldap_mappings." + m, LdapMappings.class, m, "io.semaphore.auth.ldap.LdapDirectory");
        }
        for (String chat : new String[] {"telegramAlert", "telegramChat", "telegramToken", "slackAlert", "slackUrl",
                "rocketchatAlert", "rocketchatUrl", "microsoftTeamsAlert", "microsoftTeamsUrl", "dingtalkAlert",
                "dingtalkUrl", "gotifyAlert", "gotifyUrl", "gotifyToken", "webhookAlert", "webhookUrl"}) {
            acts(snake(chat), Config.class, chat, "io.semaphore.notification.NotificationService");
        }
        acts("oidc_providers", Config.class, "oidcProviders", "io.semaphore.app.Services");
        for (String p : new String[] {"clientId", "clientIdFile", "clientSecret", "clientSecretFile", "redirectUrl",
                "scopes", "providerUrl", "endpoint", "usernameClaim", "nameClaim", "emailClaim"}) {
            acts("oidc_providers.*." + snake(p), OidcProvider.class, p, "io.semaphore.auth.oidc.OidcService");
        }
        for (String p : new String[] {"displayName", "color", "icon", "order"}) {
            acts("oidc_providers.*." + snake(p), OidcProvider.class, p, "io.semaphore.api.AuthHandlers");
        }
        acts("max_task_duration_sec", Config.class, "maxTaskDurationSec", "io.semaphore.app.Engine");
        acts("max_tasks_per_template", Config.class, "maxTasksPerTemplate", "io.semaphore.task.run.TaskScheduler");
        acts("max_parallel_tasks", Config.class, "maxParallelTasks", "io.semaphore.task.run.TaskScheduler");
        acts("max_task_output_line_kb", Config.class, "maxTaskOutputLineKb", "io.semaphore.app.Engine");
        acts("max_task_output_mb", Config.class, "maxTaskOutputMb", "io.semaphore.app.Services");
        acts("runner_registration_token", Config.class, "runnerRegistrationToken", "io.semaphore.app.Services");
        acts("password_login_disabled", Config.class, "passwordLoginDisabled", "io.semaphore.app.Services");
        acts("non_admin_can_create_project", Config.class, "nonAdminCanCreateProject", "io.semaphore.app.Services");
        acts("use_remote_runner", Config.class, "useRemoteRunner", "io.semaphore.runner.RunnerDispatch");
        acts("global_integration_alias", Config.class, "globalIntegrationAlias", "io.semaphore.app.Engine");
        acts("apps", Config.class, "apps", "io.semaphore.app.Services");
        acts("runner", Config.class, "runner", "io.semaphore.runner.agent.RunnerSetup");
        acts("runner.registration_token", RunnerConfig.class, "registrationToken", "io.semaphore.runner.agent.RunnerSetup");
        acts("runner.token", RunnerConfig.class, "token", "io.semaphore.runner.agent.RunnerSetup");
        acts("runner.token_file", RunnerConfig.class, "tokenFile", "io.semaphore.runner.agent.RunnerSetup");
        acts("runner.one_off", RunnerConfig.class, "oneOff", "io.semaphore.runner.agent.RunnerAgent");
        acts("runner.webhook", RunnerConfig.class, "webhook", "io.semaphore.runner.agent.RunnerSetup");
        acts("runner.max_parallel_tasks", RunnerConfig.class, "maxParallelTasks", "io.semaphore.runner.agent.RunnerSetup");
        acts("env_vars", Config.class, "envVars", "io.semaphore.task.run.JobSpecs");
        acts("forwarded_env_vars", Config.class, "forwardedEnvVars", "io.semaphore.task.run.JobSpecs");
        acts("trusted_proxies", Config.class, "trustedProxies", "io.semaphore.api.Routes");
        acts("schedule", Config.class, "schedule", "io.semaphore.app.Services");
        acts("schedule.timezone", ScheduleConfig.class, "timezone", "io.semaphore.app.Services");
        acts("metrics_token", Config.class, "metricsToken", "io.semaphore.api.Routes");
        acts("max_task_age_days", Config.class, "maxTaskAgeDays", "io.semaphore.app.Engine");
        acts("session_lifetime_minutes", Config.class, "sessionLifetimeMinutes", "io.semaphore.app.Services");
        acts("session_idle_timeout_minutes", Config.class, "sessionIdleTimeoutMinutes", "io.semaphore.app.Services");
        acts("auth", Config.class, "auth", "io.semaphore.app.Services");
        acts("auth.totp", AuthConfig.class, "totp", "io.semaphore.app.Services");
        acts("auth.totp.enabled", AuthConfig.Totp.class, "enabled", "io.semaphore.auth.SignInService");
        acts("auth.totp.allow_recovery", AuthConfig.Totp.class, "allowRecovery", "io.semaphore.auth.SignInService");
        acts("log_format", Config.class, "logFormat", "io.semaphore.app.Server");
        acts("access_log", Config.class, "accessLog", "io.semaphore.app.Server");
    }

    private static void acts(String key, Class<?> owner, String accessor, String reader) {
        KEYS.put(key, new Acts(owner, accessor, reader));
    }

    private static String snake(String camel) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(camel);
    }

    private static JavaClasses classes;

    @TempDir
    Path dir;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("io.semaphore");
    }

    /** Every key the records accept, as dotted config.json paths ("*" for a map's own keys). */
    static Set<String> acceptedKeys() {
        Set<String> keys = new TreeSet<>();
        walk(Config.class, "", keys);
        return keys;
    }

    private static void walk(Class<?> record, String prefix, Set<String> keys) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.isAnnotationPresent(JsonIgnore.class) || c.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            String key = prefix + (named != null ? named.value() : snake(c.getName()));
            keys.add(key);
            if (c.getType().isRecord()) {
                walk(c.getType(), key + ".", keys);
            } else if (Map.class.isAssignableFrom(c.getType())
                    && c.getGenericType() instanceof ParameterizedType map) {
                Type value = map.getActualTypeArguments()[1];
                if (value instanceof Class<?> v && v.isRecord()) {
                    walk(v, key + ".*.", keys);
                }
            }
        }
    }

    @Test
    void everyAcceptedKey_isInTheTable_andNothingElse() {
        assertThat(KEYS.keySet()).containsExactlyInAnyOrderElementsOf(acceptedKeys());
    }

    @Test
    void everyEnvironmentVariable_setsAKeyOfTheTable() {
        for (EnvOverrides.Binding b : EnvOverrides.BINDINGS) {
            assertThat(KEYS).as(b.env()).containsKey(b.path());
        }
        for (String dbKey : EnvOverrides.DB_BINDINGS.values()) {
            assertThat(KEYS).containsKey("postgres." + dbKey);
        }
    }

    @Test
    void everyKeyThatActs_isReadByTheClassNamed() {
        for (var e : KEYS.entrySet()) {
            if (!(e.getValue() instanceof Acts acts)) {
                continue;
            }
            classes.get(acts.reader()); // the class exists
            // the class itself or one of its nested classes
            boolean reads = classes.stream().filter(c -> c.getName().equals(acts.reader())
                            || c.getName().startsWith(acts.reader() + "$"))
                    .anyMatch(c -> c.getMethodCallsFromSelf().stream().anyMatch(call ->
                            call.getTarget().getOwner().isEquivalentTo(acts.owner())
                                    && call.getTarget().getName().equals(acts.accessor())));
            assertThat(reads).as("'%s': %s reads %s.%s() (classes that do: %s)", e.getKey(), acts.reader(),
                    acts.owner().getSimpleName(), acts.accessor(), readersOf(acts)).isTrue();
        }
    }

    private static String readersOf(Acts acts) {
        return classes.stream().filter(c -> !c.getPackageName().equals("io.semaphore.config"))
                .filter(c -> c.getMethodCallsFromSelf().stream().anyMatch(call ->
                        call.getTarget().getOwner().isEquivalentTo(acts.owner())
                                && call.getTarget().getName().equals(acts.accessor())))
                .map(JavaClass::getName).collect(Collectors.joining(", "));
    }

    private Config load(String json, Map<String, String> env) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return new ConfigLoader(env, dir).load(f, false);
    }

    @Test
    void everyRefusedKey_stopsTheStart_sayingItIsNotSupportedYet() throws IOException {
        for (var e : KEYS.entrySet()) {
            if (e.getValue() instanceof Refused refused) {
                assertThatThrownBy(() -> load(refused.json(), Map.of())).as(e.getKey())
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(NOT_YET).hasMessageContaining(refused.because());
            }
        }
        // the same through their variables
        for (EnvOverrides.Binding b : EnvOverrides.BINDINGS) {
            if (KEYS.get(b.path()) instanceof Refused) {
                String value = switch (b.kind()) {
                    case BOOL -> "true";
                    case INT -> "3";
                    default -> b.path().equals("git_client") ? "go_git" : "something";
                };
                assertThatThrownBy(() -> load("{}", Map.of(b.env(), value))).as(b.env())
                        .hasMessageContaining(NOT_YET);
            }
        }
        // their defaults, as Semaphore's setup writes them, still start
        Config c = load("{\"git_client\": \"cmd_git\", \"use_remote_runner\": false, \"runner_registration_token\": \"\","
                + " \"runner\": {}}", Map.of());
        assertThat(c.gitClient()).isEqualTo("cmd_git");
    }

    @Test
    void semaphoreKeysThisVersionLacks_areRefusedWhenSet_andIgnoredWhenEmpty() throws IOException {
        assertThat(ConfigLoader.NOT_SUPPORTED_KEYS).containsKeys("tls", "log", "process", "syslog");
        for (String key : ConfigLoader.NOT_SUPPORTED_KEYS.keySet()) {
            assertThatThrownBy(() -> load("{\"" + key + "\": {\"enabled\": true}}", Map.of())).as(key)
                    .hasMessageContaining("Config key '" + key + "' is " + NOT_YET);
            assertThat(load("{\"" + key + "\": {\"enabled\": false, \"file\": \"\"}}", Map.of())).as(key).isNotNull();
        }
        assertThatThrownBy(() -> load("{\"tls\": {\"enabled\": true, \"cert_file\": \"/c\"}, \"demo_mode\": true}",
                Map.of())).hasMessageContaining("'tls'").hasMessageContaining("'demo_mode'")
                .hasMessageContaining("reverse proxy");
        assertThatThrownBy(() -> load("{\"auth\": {\"email\": {\"enabled\": true}}}", Map.of()))
                .hasMessageContaining("'auth.email' is " + NOT_YET);
        assertThat(load("{\"auth\": {\"email\": {\"enabled\": false}}, \"bolt\": {\"host\": \"/old.db\"}}", Map.of()))
                .isNotNull();
    }

    @Test
    void semaphoresHaBlock_isAccepted_asOurNodesShareWorkThroughTheDatabase() throws IOException {
        assertThat(ConfigLoader.NOT_SUPPORTED_KEYS).doesNotContainKey("ha");
        Config c = load("{\"ha\": {\"enabled\": true, \"redis\": {\"addr\": \"redis:6379\", \"pass\": \"x\"}}}", Map.of());
        assertThat(c.dialect()).isEqualTo("sqlite");
    }
}
