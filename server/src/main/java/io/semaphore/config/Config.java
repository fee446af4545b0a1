package io.semaphore.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration, bound from config.json with Semaphore UI's key names (snake_case of each component)
 * after {@code SEMAPHORE_*} environment variables were applied. Built only by {@link ConfigLoader}, which also
 * validates it; everything else reads it and never changes it.
 */
public record Config(
        String dialect,
        DbConfig sqlite,
        DbConfig mysql,
        DbConfig postgres,
        String port,
        @com.fasterxml.jackson.annotation.JsonProperty("interface") String iface,
        String tmpPath,
        String sshConfigPath,
        String gitClient,
        String webHost,
        String cookieHash,
        String cookieEncryption,
        String accessKeyEncryption,
        boolean emailAlert,
        String emailSender,
        String emailHost,
        String emailPort,
        String emailUsername,
        String emailPassword,
        boolean emailSecure,
        boolean emailTls,
        boolean ldapEnable,
        String ldapBinddn,
        String ldapBindpassword,
        String ldapServer,
        String ldapSearchdn,
        String ldapSearchfilter,
        boolean ldapNeedtls,
        LdapMappings ldapMappings,
        boolean telegramAlert,
        String telegramChat,
        String telegramToken,
        boolean slackAlert,
        String slackUrl,
        boolean rocketchatAlert,
        String rocketchatUrl,
        boolean microsoftTeamsAlert,
        String microsoftTeamsUrl,
        boolean dingtalkAlert,
        String dingtalkUrl,
        boolean gotifyAlert,
        String gotifyUrl,
        String gotifyToken,
        Map<String, OidcProvider> oidcProviders,
        int maxTaskDurationSec,
        int maxTasksPerTemplate,
        Integer maxParallelTasks,
        /* Ours, not Semaphore's: caps on what a task's output may store (KiB per line, MB per task; 0 = no cap). */
        Integer maxTaskOutputLineKb,
        Integer maxTaskOutputMb,
        String runnerRegistrationToken,
        @JsonAlias("password_login_disable") boolean passwordLoginDisabled,
        boolean nonAdminCanCreateProject,
        boolean useRemoteRunner,
        String globalIntegrationAlias,
        Map<String, JsonNode> apps,
        RunnerConfig runner,
        Map<String, String> envVars,
        List<String> forwardedEnvVars,
        /* Ours, not Semaphore's: addresses (IPs or CIDR ranges) of reverse proxies whose X-Real-IP,
           X-Forwarded-For/-Proto/-Host headers are believed; from anyone else those headers are ignored. */
        List<String> trustedProxies,
        ScheduleConfig schedule,
        /* Ours, not Semaphore's: a generic JSON webhook told of every task end (see io.semaphore.notification). */
        boolean webhookAlert,
        String webhookUrl,
        /* Ours, not Semaphore's: a bearer token that may read /api/metrics besides administrators (empty: admins only). */
        String metricsToken,
        /* Ours: finished tasks older than this many days are deleted in the background (0: keep them all). */
        int maxTaskAgeDays,
        /* Ours, not Semaphore's: a session ends this many minutes after sign-in (0: no limit) and after this many
           minutes unused (0: Semaphore's 7 days). */
        Integer sessionLifetimeMinutes,
        Integer sessionIdleTimeoutMinutes,
        /* Semaphore's "auth" block: auth.totp.enabled, auth.totp.allow_recovery. */
        AuthConfig auth,
        /* Ours, not Semaphore's: the server log's form, "text" (default) or "json" (one object per line), and a line
           per HTTP request (method, path, status, duration, request id), off by default. */
        String logFormat,
        boolean accessLog,
        /* Where the config was read from (null with --no-config); not a config.json key. */
        @com.fasterxml.jackson.annotation.JsonIgnore Path source) {

    public Config {
        sqlite = sqlite == null ? DbConfig.empty() : sqlite;
        mysql = mysql == null ? DbConfig.empty() : mysql;
        postgres = postgres == null ? DbConfig.empty() : postgres;
        port = port == null || port.isEmpty() ? ":3000" : port;
        iface = iface == null ? "" : iface;
        tmpPath = tmpPath == null || tmpPath.isEmpty() ? "/tmp/semaphore" : tmpPath;
        sshConfigPath = sshConfigPath == null ? "" : sshConfigPath;
        gitClient = gitClient == null || gitClient.isEmpty() ? "cmd_git" : gitClient;
        webHost = webHost == null ? "" : webHost;
        webhookUrl = webhookUrl == null ? "" : webhookUrl;
        cookieHash = cookieHash == null ? "" : cookieHash;
        cookieEncryption = cookieEncryption == null ? "" : cookieEncryption;
        accessKeyEncryption = accessKeyEncryption == null ? "" : accessKeyEncryption;
        emailSender = orEmpty(emailSender);
        emailHost = orEmpty(emailHost);
        emailPort = orEmpty(emailPort);
        emailUsername = orEmpty(emailUsername);
        emailPassword = orEmpty(emailPassword);
        ldapBinddn = orEmpty(ldapBinddn);
        ldapBindpassword = orEmpty(ldapBindpassword);
        ldapServer = orEmpty(ldapServer);
        ldapSearchdn = orEmpty(ldapSearchdn);
        ldapSearchfilter = orEmpty(ldapSearchfilter);
        telegramChat = orEmpty(telegramChat);
        telegramToken = orEmpty(telegramToken);
        slackUrl = orEmpty(slackUrl);
        rocketchatUrl = orEmpty(rocketchatUrl);
        microsoftTeamsUrl = orEmpty(microsoftTeamsUrl);
        dingtalkUrl = orEmpty(dingtalkUrl);
        gotifyUrl = orEmpty(gotifyUrl);
        gotifyToken = orEmpty(gotifyToken);
        runnerRegistrationToken = orEmpty(runnerRegistrationToken);
        globalIntegrationAlias = orEmpty(globalIntegrationAlias);
        ldapMappings = ldapMappings == null ? LdapMappings.defaults() : ldapMappings;
        oidcProviders = oidcProviders == null ? Map.of() : Map.copyOf(oidcProviders);
        maxParallelTasks = maxParallelTasks == null ? 10 : maxParallelTasks;
        maxTaskOutputLineKb = maxTaskOutputLineKb == null ? 64 : maxTaskOutputLineKb;
        maxTaskOutputMb = maxTaskOutputMb == null ? 500 : maxTaskOutputMb;
        apps = apps == null ? Map.of() : Map.copyOf(apps);
        runner = runner == null ? RunnerConfig.defaults() : runner;
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        forwardedEnvVars = forwardedEnvVars == null ? List.of() : List.copyOf(forwardedEnvVars);
        // null entries become "" so that validation reports them instead of List.copyOf failing on them
        trustedProxies = trustedProxies == null ? List.of() : trustedProxies.stream().map(Config::orEmpty).toList();
        schedule = schedule == null ? ScheduleConfig.defaults() : schedule;
        metricsToken = orEmpty(metricsToken);
        sessionLifetimeMinutes = sessionLifetimeMinutes == null ? 0 : sessionLifetimeMinutes;
        sessionIdleTimeoutMinutes = sessionIdleTimeoutMinutes == null ? 0 : sessionIdleTimeoutMinutes;
        auth = auth == null ? AuthConfig.defaults() : auth;
        logFormat = logFormat == null || logFormat.isBlank() ? "text" : logFormat.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The block of the chosen dialect. */
    public DbConfig database() {
        return switch (dialect) {
            case "postgres" -> postgres;
            case "mysql" -> mysql;
            default -> sqlite;
        };
    }

    /**
     * {@code ssh_config_path} as an absolute path, "" when not set: the ssh config file every ssh of a task reads
     * ({@code -F}: git over ssh, ansible's connections). A leading ~/ is the server user's home (a task's own HOME
     * is its work folder, so ssh's ~ would point elsewhere).
     */
    public String sshConfigFile() {
        String path = sshConfigPath.strip();
        if (path.isEmpty()) {
            return "";
        }
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** The TCP port to listen on; {@code port} may be written ":3000" or "3000" as in Semaphore. 0 picks a free one. */
    public int listenPort() {
        return Integer.parseInt(port.startsWith(":") ? port.substring(1) : port);
    }

    /**
     * The server's own secrets as written in the config (encryption keys, cookie keys, passwords and tokens of the
     * databases, mail, LDAP, chat alerts, OIDC and runners), so that a task's log can mask them; empty ones are left
     * out.
     */
    public List<String> secretValues() {
        List<String> values = new java.util.ArrayList<>(List.of(accessKeyEncryption, cookieHash, cookieEncryption,
                sqlite.pass(), mysql.pass(), postgres.pass(), emailPassword, ldapBindpassword, telegramToken,
                gotifyToken, runnerRegistrationToken, runner.registrationToken(), runner.token(), metricsToken));
        oidcProviders.values().forEach(p -> values.add(p.clientSecret()));
        values.removeIf(v -> v == null || v.isBlank());
        return values;
    }

    /** A copy with another data source path; used when the loader resolves relative paths. */
    Config withSource(Path newSource) {
        return new Config(dialect, sqlite, mysql, postgres, port, iface, tmpPath, sshConfigPath, gitClient, webHost,
                cookieHash, cookieEncryption, accessKeyEncryption, emailAlert, emailSender, emailHost, emailPort,
                emailUsername, emailPassword, emailSecure, emailTls, ldapEnable, ldapBinddn, ldapBindpassword,
                ldapServer, ldapSearchdn, ldapSearchfilter, ldapNeedtls, ldapMappings, telegramAlert, telegramChat,
                telegramToken, slackAlert, slackUrl, rocketchatAlert, rocketchatUrl, microsoftTeamsAlert,
                microsoftTeamsUrl, dingtalkAlert, dingtalkUrl, gotifyAlert, gotifyUrl, gotifyToken, oidcProviders,
                maxTaskDurationSec, maxTasksPerTemplate, maxParallelTasks, maxTaskOutputLineKb, maxTaskOutputMb,
                runnerRegistrationToken,
                passwordLoginDisabled, nonAdminCanCreateProject, useRemoteRunner, globalIntegrationAlias, apps, runner,
                envVars, forwardedEnvVars, trustedProxies, schedule, webhookAlert, webhookUrl, metricsToken, maxTaskAgeDays,
                sessionLifetimeMinutes, sessionIdleTimeoutMinutes, auth, logFormat, accessLog, newSource);
    }

    /** Records print every field; this one holds secrets, so it prints none of them. */
    @Override
    public String toString() {
        return "Config[dialect=" + dialect + ", database=" + database() + ", port=" + port + ", tmp_path=" + tmpPath
                + ", web_host=" + webHost + ", source=" + source + "]";
    }
}
