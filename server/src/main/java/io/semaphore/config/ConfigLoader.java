package io.semaphore.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads config.json the way Semaphore UI does (explicit path, {@code SEMAPHORE_CONFIG_PATH}, ./config.json,
 * /usr/local/etc/semaphore, /etc/semaphore), then our data folder; applies {@code SEMAPHORE_*} variables; binds and
 * validates. With no config anywhere it creates one in the data folder (SQLite, generated secrets) and keeps it.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    /**
     * Keys of Semaphore's config.json (newer or Pro versions) that this version does not implement, with what each
     * would turn on. Present but empty (null, false, "", 0, or objects of such) they change nothing and are accepted
     * with a warning; holding anything else they are refused at start-up, as a setting silently ignored would leave
     * the server doing something else than its operator asked (e.g. plain HTTP where tls asked for HTTPS).
     */
    static final Map<String, String> NOT_SUPPORTED_KEYS = Map.ofEntries(
            Map.entry("log", "writing the activity and task logs to files (Semaphore Pro)"),
            Map.entry("process", "running tasks as another user or in a chroot"),
            Map.entry("tls", "serving HTTPS itself; put a reverse proxy with TLS in front (see README)"),
            Map.entry("debugging", "Go's pprof debugging endpoints"),
            Map.entry("concurrency_mode", "Semaphore's concurrency modes; max_parallel_tasks and the template's"
                    + " one-at-a-time setting limit tasks here"),
            Map.entry("demo_mode", "the demo mode"),
            Map.entry("subscription", "Semaphore Pro's subscription"),
            Map.entry("syslog", "sending the log to syslog; the server log goes to standard output"),
            Map.entry("teams", "Semaphore Pro's team settings"),
            Map.entry("totp", "a top-level totp block; TOTP is configured in auth.totp"));

    /** The members of {@code auth} this version implements; any other with a value is refused as above. */
    private static final Set<String> AUTH_MEMBERS = Set.of("totp");

    private final Map<String, String> env;
    private final Path workDir;
    private final ObjectMapper json;

    public ConfigLoader(Map<String, String> env, Path workDir) {
        this.env = Map.copyOf(env);
        this.workDir = workDir.toAbsolutePath();
        this.json = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.ALLOW_COMMENTS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The folder for the SQLite file, generated config and temp files when nothing else says where. */
    public Path dataDir() {
        String dir = env.get("SEMAPHORE_DATA_DIR");
        return dir == null || dir.isBlank() ? workDir.resolve("data") : Path.of(dir).toAbsolutePath();
    }

    /**
     * Loads the configuration.
     *
     * @param explicit the {@code --config} path, or null
     * @param noConfig {@code --no-config}: read only environment variables
     */
    public Config load(Path explicit, boolean noConfig) {
        return load(explicit, noConfig, true);
    }

    /**
     * As {@link #load}, for a remote runner: it encrypts nothing (the server sends its jobs' keys and secrets
     * decrypted), so with {@code --no-config} it needs no {@code SEMAPHORE_ACCESS_KEY_ENCRYPTION}.
     */
    public Config loadForRunner(Path explicit, boolean noConfig) {
        return load(explicit, noConfig, false);
    }

    private Config load(Path explicit, boolean noConfig, boolean encrypts) {
        if (noConfig) {
            Config config = bind(json.createObjectNode(), null);
            if (encrypts && config.accessKeyEncryption().isEmpty()) {
                throw new ConfigException("SEMAPHORE_ACCESS_KEY_ENCRYPTION is required with --no-config: secrets are "
                        + "encrypted with it and would be unreadable after a restart. Generate one with: "
                        + "head -c32 /dev/urandom | base64");
            }
            return config;
        }
        Path file = locate(explicit);
        if (file == null) {
            return createDefault();
        }
        ObjectNode root = read(file);
        boolean changed = addMissingSecrets(root);
        // bound from a copy: the variables and the removed keys stay out of the file when secrets are added to it
        Config config = bind(root.deepCopy(), file);
        if (changed) {
            write(file, root);
            log.info("Generated missing secrets (cookie_hash, cookie_encryption, access_key_encryption) and saved them in {}", file);
        }
        return config;
    }

    private Path locate(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new ConfigException("Config file " + explicit.toAbsolutePath() + " does not exist (from --config)");
            }
            return explicit.toAbsolutePath();
        }
        String fromEnv = env.get("SEMAPHORE_CONFIG_PATH");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            if (Files.isDirectory(p)) {
                p = p.resolve("config.json"); // Semaphore's container image sets it to the folder, /etc/semaphore
            }
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("Config file " + p.toAbsolutePath() + " does not exist (from SEMAPHORE_CONFIG_PATH)");
            }
            return p.toAbsolutePath();
        }
        for (Path p : List.of(workDir.resolve("config.json"), Path.of("/usr/local/etc/semaphore/config.json"),
                Path.of("/etc/semaphore/config.json"), dataDir().resolve("config.json"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private Config createDefault() {
        Path dir = dataDir();
        Path file = dir.resolve("config.json");
        ObjectNode root = json.createObjectNode();
        root.put("dialect", "sqlite");
        root.putObject("sqlite").put("host", dir.resolve("database.sqlite").toString());
        root.put("tmp_path", dir.resolve("tmp").toString());
        addMissingSecrets(root);
        Config config = bind(root, file);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("Cannot create the data folder " + dir + ": " + e.getMessage()
                    + "; set SEMAPHORE_DATA_DIR to a writable folder or pass --config");
        }
        write(file, root);
        log.info("No config.json found: created {} (SQLite database {}); edit it or pass --config to change",
                file, root.path("sqlite").path("host").asText());
        return config;
    }

    private ObjectNode read(Path file) {
        try {
            JsonNode node = json.readTree(file.toFile());
            if (!(node instanceof ObjectNode obj)) {
                throw new ConfigException(file + " must hold a JSON object");
            }
            return obj;
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private void write(Path file, ObjectNode root) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, json.writeValueAsString(root) + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: nothing to tighten
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("Cannot write " + file + ": " + e.getMessage()
                    + "; make it writable or add cookie_hash, cookie_encryption and access_key_encryption yourself");
        }
    }

    /** Adds the secrets Semaphore's setup would have generated, unless the environment supplies them. */
    private boolean addMissingSecrets(ObjectNode root) {
        boolean changed = false;
        for (String[] s : new String[][] {{"cookie_hash", "SEMAPHORE_COOKIE_HASH"},
                {"cookie_encryption", "SEMAPHORE_COOKIE_ENCRYPTION"},
                {"access_key_encryption", "SEMAPHORE_ACCESS_KEY_ENCRYPTION"}}) {
            if (root.path(s[0]).asText("").isEmpty() && env.getOrDefault(s[1], "").isEmpty()) {
                root.put(s[0], randomSecret());
                changed = true;
            }
        }
        return changed;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** 32 random bytes, base64: the form of every Semaphore secret. */
    public static String randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private Config bind(ObjectNode root, Path source) {
        List<String> unsupported = new ArrayList<>();
        for (var e : NOT_SUPPORTED_KEYS.entrySet()) {
            notSupported(root, e.getKey(), e.getKey(), e.getValue(), unsupported);
        }
        if (root.remove("ha") instanceof JsonNode ha && !isEmptySetting(ha)) {
            // Semaphore's HA mode (several nodes, coordinated through Redis) is what every node here does: nodes on
            // one database share the queue, the logs and the stops through it. A Semaphore HA config keeps working.
            log.info("config key 'ha': nodes of Semaphore for Java on one database always share work through it;"
                    + " its Redis settings are not used");
        }
        if (root.has("bolt") && !"bolt".equals(root.path("dialect").asText())) {
            // a database block of another dialect, as a mysql block beside dialect postgres: not read
            log.warn("config key 'bolt' (BoltDB) is not used by Semaphore for Java; ignoring it");
            root.remove("bolt");
        }
        if (root.get("auth") instanceof ObjectNode authBlock) {
            for (String member : authBlock.properties().stream().map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new))) {
                if (!AUTH_MEMBERS.contains(member)) {
                    notSupported(authBlock, member, "auth." + member, "sign-in by auth." + member, unsupported);
                }
            }
        }
        if (!unsupported.isEmpty()) {
            throw new ConfigException(String.join("; ", unsupported) + where(source)
                    + ". Remove these keys (or leave them empty) to start.");
        }
        EnvOverrides.apply(root, env, json);
        String dialect = resolveDialect(root);
        root.put("dialect", dialect);
        JsonNode block = root.get(dialect);
        ObjectNode dbBlock = block instanceof ObjectNode o ? o : root.putObject(dialect);
        EnvOverrides.applyDatabase(dialect, dbBlock, env, json);
        if (dialect.equals("sqlite") && dbBlock.path("host").asText("").isEmpty()) {
            dbBlock.put("host", dataDir().resolve("database.sqlite").toString());
        }
        Config config;
        try {
            config = json.treeToValue(root, Config.class).withSource(source);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(unknownKey(e, source));
        } catch (MismatchedInputException e) {
            throw new ConfigException("Config key '" + path(e) + "' has a value of the wrong type" + where(source)
                    + ": " + e.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", ""));
        } catch (JsonProcessingException e) {
            throw new ConfigException("Invalid configuration" + where(source) + ": " + e.getOriginalMessage());
        }
        validate(config, source);
        return config;
    }

    /** Removes {@code key} from {@code block}: with a warning when empty, else adding a refusal to {@code errors}. */
    private static void notSupported(ObjectNode block, String key, String name, String what, List<String> errors) {
        JsonNode value = block.get(key);
        if (value == null) {
            return;
        }
        block.remove(key);
        if (isEmptySetting(value)) {
            log.warn("config key '{}' is not supported by Semaphore for Java yet; it is empty, so it is ignored", name);
        } else {
            errors.add("Config key '" + name + "' is not supported yet by Semaphore for Java (" + what + ")");
        }
    }

    /** null, false, "", 0, or an array/object of nothing but such values: a setting that asks for nothing. */
    static boolean isEmptySetting(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return true;
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue().isBlank();
        }
        if (value.isNumber()) {
            return value.doubleValue() == 0;
        }
        if (value.isContainerNode()) {
            for (JsonNode child : value) {
                if (!isEmptySetting(child)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private String resolveDialect(ObjectNode root) {
        String d = env.getOrDefault("SEMAPHORE_DB_DIALECT", root.path("dialect").asText("")).trim()
                .toLowerCase(Locale.ROOT);
        if (d.isEmpty()) {
            // Semaphore meant to infer the dialect from the block present; do so, else default to embedded SQLite.
            if (!root.path("postgres").path("host").asText("").isEmpty()) {
                d = "postgres";
            } else if (!root.path("mysql").path("host").asText("").isEmpty()) {
                d = "mysql";
            } else {
                d = "sqlite";
            }
        }
        return switch (d) {
            case "sqlite", "sqlite3" -> "sqlite";
            case "postgres", "postgresql" -> "postgres";
            case "mysql", "mariadb" -> "mysql";
            case "bolt" -> throw new ConfigException("dialect 'bolt' (BoltDB) is not supported by Semaphore for Java;"
                    + " allowed: sqlite (embedded), postgres, mysql");
            default -> throw new ConfigException("Config key 'dialect' is '" + d + "'; allowed: sqlite, postgres, mysql");
        };
    }

    private static void validate(Config c, Path source) {
        List<String> errors = new ArrayList<>();
        if (!c.port().matches("^:?[0-9]{1,5}$") || c.listenPort() > 65535) {
            errors.add("'port' is '" + c.port() + "'; allowed: a port number 0-65535, written as \"3000\" or \":3000\"");
        }
        if (!c.emailPort().isEmpty() && !c.emailPort().matches("^[0-9]{1,5}$")) {
            errors.add("'email_port' is '" + c.emailPort() + "'; allowed: a port number or empty");
        }
        if (c.maxParallelTasks() < 0) {
            errors.add("'max_parallel_tasks' is " + c.maxParallelTasks() + "; allowed: 0 (no limit) or more");
        }
        if (c.maxTasksPerTemplate() < 0) {
            errors.add("'max_tasks_per_template' is " + c.maxTasksPerTemplate() + "; allowed: 0 (keep all) or more");
        }
        if (c.maxTaskOutputLineKb() < 1 || c.maxTaskOutputLineKb() > 65_536) {
            errors.add("'max_task_output_line_kb' is " + c.maxTaskOutputLineKb() + "; allowed: 1 to 65536 (KiB of one"
                    + " output line; longer lines are cut)");
        }
        if (c.maxTaskOutputMb() < 0 || c.maxTaskOutputMb() > 1_048_576) {
            errors.add("'max_task_output_mb' is " + c.maxTaskOutputMb() + "; allowed: 0 (no limit) to 1048576 (MB"
                    + " of output stored per task)");
        }
        try {
            java.time.ZoneId.of(c.schedule().timezone());
        } catch (java.time.DateTimeException e) {
            errors.add("'schedule.timezone' is '" + c.schedule().timezone() + "'; allowed: an IANA time zone name such"
                    + " as UTC or Europe/Berlin");
        }
        if (c.maxTaskAgeDays() < 0) {
            errors.add("'max_task_age_days' is " + c.maxTaskAgeDays() + "; allowed: 0 (keep every task) or more");
        }
        if (c.sessionLifetimeMinutes() < 0) {
            errors.add("'session_lifetime_minutes' is " + c.sessionLifetimeMinutes() + "; allowed: 0 (no limit) or more"
                    + " (minutes a session lasts after sign-in)");
        }
        if (c.sessionIdleTimeoutMinutes() < 0) {
            errors.add("'session_idle_timeout_minutes' is " + c.sessionIdleTimeoutMinutes() + "; allowed: 0 (7 days,"
                    + " as Semaphore) or more (minutes a session lasts unused)");
        }
        if (c.maxTaskDurationSec() < 0) {
            errors.add("'max_task_duration_sec' is " + c.maxTaskDurationSec() + "; allowed: 0 (no limit) or more");
        }
        if (!c.sshConfigFile().isEmpty() && !(Files.isRegularFile(Path.of(c.sshConfigFile()))
                && Files.isReadable(Path.of(c.sshConfigFile())))) {
            errors.add("'ssh_config_path' is '" + c.sshConfigPath() + "'; no readable file there (" + c.sshConfigFile()
                    + "). It is the ssh config file given to git and ansible's ssh as -F <file>; fix the path or leave"
                    + " it empty for ssh's defaults");
        }
        if (!Set.of("text", "json").contains(c.logFormat())) {
            errors.add("'log_format' is '" + c.logFormat() + "'; allowed: text (the default) or json (one JSON object per"
                    + " line)");
        }
        if (c.gitClient().equals("go_git")) {
            errors.add("'git_client' go_git (Semaphore's built-in Go git library) is not supported yet; use cmd_git"
                    + " (the git program, the default), which reads the same repositories");
        } else if (!c.gitClient().equals("cmd_git")) {
            errors.add("'git_client' is '" + c.gitClient() + "'; allowed: cmd_git");
        }
        if (!c.webHost().isEmpty()) {
            try {
                URI u = URI.create(c.webHost());
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                errors.add("'web_host' is '" + c.webHost() + "'; allowed: an absolute http(s) URL such as https://semaphore.example.com");
            }
        }
        for (String proxy : c.trustedProxies()) {
            try {
                AddressRange.parse(proxy);
            } catch (IllegalArgumentException e) {
                errors.add("'trusted_proxies' entry " + e.getMessage() + " (the key holds a JSON array of the"
                        + " addresses of your reverse proxies, e.g. [\"127.0.0.1\", \"10.0.0.0/8\"])");
            }
        }
        if (c.ldapEnable()) {
            if (!c.ldapServer().matches("^[^\\s:]+(:[0-9]{1,5})?$")) {
                errors.add("'ldap_server' is '" + c.ldapServer() + "'; with ldap_enable set it to host:port of the directory"
                        + " (or SEMAPHORE_LDAP_SERVER)");
            }
            if (!c.ldapSearchfilter().contains("%s")) {
                errors.add("'ldap_searchfilter' is '" + c.ldapSearchfilter() + "'; it must hold %s where the login goes,"
                        + " e.g. (&(objectClass=inetOrgPerson)(uid=%s))");
            }
        }
        for (var e : c.oidcProviders().entrySet()) {
            OidcProvider p = e.getValue();
            String at = "'oidc_providers." + e.getKey() + "'";
            if (isBlank(p.providerUrl()) && (p.endpoint() == null || p.endpoint().path("auth_url").asText("").isEmpty())) {
                errors.add(at + " needs provider_url (the issuer, for discovery) or endpoint.auth_url/token_url/jwks_url");
            }
            if (isBlank(p.clientId()) && isBlank(p.clientIdFile())) {
                errors.add(at + " needs client_id (or client_id_file)");
            }
        }
        base64Key(errors, "cookie_hash", c.cookieHash(), Set.of());
        base64Key(errors, "cookie_encryption", c.cookieEncryption(), Set.of(16, 24, 32));
        base64Key(errors, "access_key_encryption", c.accessKeyEncryption(), Set.of(16, 24, 32));
        if (!c.dialect().equals("sqlite")) {
            DbConfig db = c.database();
            if (db.host().isEmpty()) {
                errors.add("'" + c.dialect() + ".host' is empty; set it to host:port of the database (or SEMAPHORE_DB_HOST)");
            }
            if (db.name().isEmpty()) {
                errors.add("'" + c.dialect() + ".name' is empty; set it to the database name (or SEMAPHORE_DB)");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException("Invalid configuration" + where(source) + ": " + String.join("; ", errors));
        }
    }

    private static void base64Key(List<String> errors, String key, String value, Set<Integer> sizes) {
        if (value.isEmpty()) {
            return;
        }
        try {
            int n = Base64.getDecoder().decode(value.trim()).length;
            if (!sizes.isEmpty() && !sizes.contains(n)) {
                errors.add("'" + key + "' decodes to " + n + " bytes; allowed: base64 of 16, 24 or 32 bytes");
            }
        } catch (IllegalArgumentException e) {
            errors.add("'" + key + "' is not base64; generate one with: head -c32 /dev/urandom | base64");
        }
    }

    private static String unknownKey(UnrecognizedPropertyException e, Path source) {
        Set<String> known = new TreeSet<>();
        if (e.getKnownPropertyIds() != null) {
            e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
        }
        known.remove("source");
        return "Unknown config key '" + path(e) + "'" + where(source) + "; allowed keys here: "
                + known.stream().collect(Collectors.joining(", "));
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String where(Path source) {
        return source == null ? " (environment)" : " in " + source;
    }

    /** Writes a config file (used by {@code semaphore setup}). */
    public void save(Path file, ObjectNode root) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(file, root);
    }
}
