package io.semaphore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real commands in-process with their own stdin/stdout/environment, on SQLite files in a temp folder. */
class CliTest {
    @TempDir
    Path dir;

    Map<String, String> env;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void setUp() {
        env = new HashMap<>();
        env.put("SEMAPHORE_DATA_DIR", dir.resolve("data").toString());
    }

    Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, dir);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    @Test
    void setup_fromPipedAnswers_writesConfigAndCreatesAdmin() throws Exception {
        // database 2 (SQLite), file, tmp path, web host, no email/telegram/slack/rocket/teams/ldap, output dir, admin
        String answers = String.join("\n", "2", dir.resolve("sem.sqlite").toString(), dir.resolve("tmp").toString(),
                "http://localhost:3000", "no", "no", "no", "no", "no", "no", dir.resolve("etc").toString(),
                "boss", "boss@example.com", "The Boss", "s3cret-pw") + "\n";
        Result r = runWithInput(answers, "setup");
        assertThat(r.code()).as(r.err()).isZero();
        Path config = dir.resolve("etc/config.json");
        assertThat(config).exists();
        String json = Files.readString(config);
        assertThat(json).contains("\"dialect\" : \"sqlite\"").contains("access_key_encryption").contains("cookie_hash");
        assertThat(r.out()).contains("Admin boss created");

        Result list = run("user", "list", "--config", config.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().trim()).isEqualTo("boss");
        Result get = run("user", "get", "--login", "boss", "--config", config.toString());
        assertThat(get.out()).contains("admin: true").contains("email: boss@example.com");
    }

    @Test
    void user_add_list_change_delete_withExitCodes() {
        assertThat(run("user", "add", "--login", "ann", "--name", "Ann", "--email", "ann@example.com",
                "--password", "pw", "--admin").code()).isZero();
        assertThat(run("user", "add", "--login", "bob", "--name", "Bob", "--email", "bob@example.com",
                "--password", "pw").code()).isZero();
        assertThat(run("user", "list").out()).contains("ann").contains("bob");

        Result dup = run("user", "add", "--login", "ann", "--name", "Ann", "--email", "other@example.com", "--password", "pw");
        assertThat(dup.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(dup.err()).contains("already exists");

        assertThat(run("user", "change-by-login", "--login", "bob", "--name", "Robert").code()).isZero();
        assertThat(run("user", "get", "--login", "bob").out()).contains("name: Robert");
        assertThat(run("user", "change-by-email", "--email", "bob@example.com", "--login", "rob").code()).isZero();
        assertThat(run("user", "get", "--email", "bob@example.com").out()).contains("login: rob");

        Result missing = run("user", "get", "--login", "nobody");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("user", "delete", "--login", "rob").code()).isZero();
        assertThat(run("user", "delete", "--login", "rob").code()).isEqualTo(ExitCodes.NOT_FOUND);
        Result lastAdmin = run("user", "delete", "--login", "ann");
        assertThat(lastAdmin.code()).isEqualTo(ExitCodes.CONFLICT);
    }

    @Test
    void vault_rekey_afterTheKeyChanged_makesStoredSecretsReadableAgain() throws Exception {
        run("user", "add", "--login", "otp", "--name", "O", "--email", "otp@example.com", "--password", "pw");
        Result enabled = run("user", "totp", "enable", "--login", "otp");
        assertThat(enabled.code()).as(enabled.err()).isZero();
        String url = run("user", "totp", "show", "--login", "otp").out().trim();
        assertThat(url).startsWith("otpauth://");
        String oldKey = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("data").resolve("config.json").toFile()).get("access_key_encryption").asText();

        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        env.put("SEMAPHORE_ACCESS_KEY_ENCRYPTION", java.util.Base64.getEncoder().encodeToString(k));
        Result unreadable = run("user", "totp", "show", "--login", "otp");
        assertThat(unreadable.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unreadable.err()).contains("access_key_encryption");

        assertThat(run("vault", "rekey").code()).isEqualTo(ExitCodes.USAGE);
        Result rekeyed = runWithInput(oldKey + "\n", "vault", "rekey", "--old-key-stdin");
        assertThat(rekeyed.code()).as(rekeyed.err()).isZero();
        assertThat(rekeyed.out()).contains("Re-encrypted 1 stored secrets");
        assertThat(run("user", "totp", "show", "--login", "otp").out().trim()).isEqualTo(url);
        assertThat(run("vault", "rekey", "--old-key", oldKey).out()).contains("Re-encrypted 0 stored secrets");
    }

    @Test
    void user_totp_enable_show_disable_withExitCodes_andTheSecretEncryptedAtRest() throws Exception {
        run("user", "add", "--login", "otp", "--name", "O", "--email", "otp@example.com", "--password", "pw");
        assertThat(run("user", "totp", "show", "--login", "otp").out().trim()).isEqualTo("TOTP disabled");

        Result enabled = run("user", "totp", "enable", "--login", "otp");
        assertThat(enabled.code()).as(enabled.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("otpauth://totp/Semaphore:otp%40example\\.com\\?secret=([A-Z2-7]{32})&issuer=Semaphore\\S*")
                .matcher(enabled.out());
        assertThat(m.find()).as(enabled.out()).isTrue();
        assertThat(enabled.out()).containsPattern("Recovery code: [0-9a-f]{16}");
        String secret = m.group(1);
        assertThat(run("user", "totp", "show", "--login", "otp@example.com").out().trim()).isEqualTo(m.group());

        assertThat(run("user", "totp", "enable", "--login", "otp").code()).isEqualTo(ExitCodes.CONFLICT);
        try (var files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }

        assertThat(run("user", "totp", "disable", "--login", "otp").code()).isZero();
        assertThat(run("user", "totp", "disable", "--login", "otp").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("user", "totp", "show", "--login", "otp").out().trim()).isEqualTo("TOTP disabled");
        assertThat(run("user", "totp", "show", "--login", "nobody").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void user_passwordOver72Bytes_exits2_namingTheLimit() {
        String tooLong = "é".repeat(37); // 74 bytes in UTF-8
        Result add = run("user", "add", "--login", "lng", "--name", "L", "--email", "lng@example.com", "--password", tooLong);
        assertThat(add.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(add.err()).contains("Password is longer than 72 bytes, bcrypt's limit; use a shorter one")
                .doesNotContain("Exception");
        assertThat(run("user", "add", "--login", "lng", "--name", "L", "--email", "lng@example.com", "--password", "pw")
                .code()).isZero();
        Result change = run("user", "change-by-login", "--login", "lng", "--password", tooLong);
        assertThat(change.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(change.err()).contains("72 bytes").doesNotContain("Exception");
    }

    @Test
    void user_changeWithAPassword_endsTheUsersSessionsAndTokens() {
        run("user", "add", "--login", "ses", "--name", "S", "--email", "ses@example.com", "--password", "pw");
        run("user", "add", "--login", "kept", "--name", "K", "--email", "kept@example.com", "--password", "pw");
        String cookie;
        String token;
        String othersCookie;
        try (io.semaphore.app.Services s = services()) {
            cookie = s.signIn().login("ses", "pw", "127.0.0.1", "test").cookieValue();
            token = s.auth().tokens().create(s.users().store().findByUsername("ses").orElseThrow().id(),
                    java.time.Instant.now()).id();
            othersCookie = s.signIn().login("kept", "pw", "127.0.0.1", "test").cookieValue();
            assertThat(s.auth().authenticate(null, cookie)).isPresent();
            assertThat(s.auth().authenticate("Bearer " + token, null)).isPresent();
        }
        assertThat(run("user", "change-by-login", "--login", "ses", "--name", "Still S").code()).isZero();
        try (io.semaphore.app.Services s = services()) {
            assertThat(s.auth().authenticate(null, cookie)).as("a change without a password keeps sessions").isPresent();
        }
        Result changed = run("user", "change-by-email", "--email", "ses@example.com", "--password", "new-pw");
        assertThat(changed.code()).as(changed.err()).isZero();
        try (io.semaphore.app.Services s = services()) {
            assertThat(s.auth().authenticate(null, cookie)).isEmpty();
            assertThat(s.auth().authenticate("Bearer " + token, null)).isEmpty();
            assertThat(s.auth().authenticate(null, othersCookie)).as("another user's session").isPresent();
            assertThat(s.signIn().login("ses", "new-pw", "127.0.0.1", "test")).isNotNull();
        }
    }

    /** The services on the config the commands above created. */
    io.semaphore.app.Services services() {
        io.semaphore.config.Config config = new io.semaphore.config.ConfigLoader(env, dir).load(null, false);
        return io.semaphore.app.Services.open(config, java.time.Clock.systemUTC());
    }

    @Test
    void token_create_printsAToken_listShowsIt_deleteExpiresIt() {
        run("user", "add", "--login", "tok", "--name", "T", "--email", "tok@example.com", "--password", "pw");
        Result created = run("token", "create", "--login", "tok");
        assertThat(created.code()).as(created.err()).isZero();
        String token = created.out().trim();
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(run("token", "list", "--login", "tok").out()).isNotBlank().doesNotContain(token);
        assertThat(run("token", "delete", "--login", "tok", "--id", token).code()).isZero();
        assertThat(run("token", "list", "--login", "tok").out()).contains("expired");
        assertThat(run("token", "delete", "--login", "tok", "--id", "nope").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void migrate_createsTheDatabase() {
        Result r = run("migrate");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("up to date");
        assertThat(dir.resolve("data/database.sqlite")).exists();
        assertThat(dir.resolve("data/config.json")).exists();
    }

    @Test
    void badUsage_exits2_withAMessage() {
        assertThat(run("user", "add", "--login", "x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("user", "add", "--login", "x", "--name", "X", "--email", "bad", "--password", "p").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void invalidConfig_exits2_namingTheKey() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"dialect\": \"oracle\"}");
        Result r = run("migrate", "--config", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'dialect'").contains("sqlite, postgres, mysql");
    }

    @Test
    void help_isAvailableForEveryCommand() {
        for (String[] cmd : new String[][] {{"--help"}, {"server", "--help"}, {"setup", "--help"}, {"migrate", "--help"},
                {"user", "--help"}, {"user", "add", "--help"}, {"user", "change-by-login", "--help"}, {"user", "totp", "enable", "--help"},
                {"token", "--help"}, {"runner", "--help"}, {"version", "--help"}}) {
            Result r = run(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        assertThat(run("--help").out()).contains("Exit codes:");
    }

    @Test
    void version_printsVersionCommitAndBuildDate() throws Exception {
        Result r = run("version");
        assertThat(r.code()).as(r.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\S+) \\(commit (\\S+), built (\\S+)\\)\n").matcher(r.out());
        assertThat(m.matches()).as(r.out()).isTrue();
        // the version of the pom that built this jar (surefire passes it in)
        assertThat(m.group(1)).isEqualTo(System.getProperty("semaphore.expectedVersion"));
        assertThat(m.group(3)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        // the commit of this checkout, or "unknown" in a build from sources without .git
        Path root = Path.of("").toAbsolutePath().getParent();
        String expectedCommit = "unknown";
        if (Files.exists(root.resolve(".git"))) {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(root.toFile()).start();
            expectedCommit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(git.waitFor()).isZero();
        }
        assertThat(m.group(2)).isEqualTo(expectedCommit);
        assertThat(run("--version").out()).isEqualTo(r.out());
    }

    @Test
    void runner_withoutAToken_saysHowToGetOne() {
        Result r = run("runner", "start");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("semaphore runner register");
    }

    @Test
    void runner_withoutAConfigFile_needsNoAccessKeyEncryption_butTheServerDoes() {
        Result runner = run("runner", "start", "--no-config");
        assertThat(runner.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(runner.err()).contains("semaphore runner register").doesNotContain("SEMAPHORE_ACCESS_KEY_ENCRYPTION");
        Result server = run("migrate", "--no-config");
        assertThat(server.code()).isNotZero();
        assertThat(server.err()).contains("SEMAPHORE_ACCESS_KEY_ENCRYPTION is required with --no-config");
    }

    @Test
    void tasks_prune_deletesOldFinishedTasks_andSaysHowMany() throws Exception {
        Result noAge = run("tasks", "prune");
        assertThat(noAge.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noAge.err()).contains("--older-than-days").contains("max_task_age_days");
        assertThat(run("migrate").code()).isZero();
        java.time.Instant old = java.time.Instant.now().minus(java.time.Duration.ofDays(100));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data/database.sqlite"))) {
            org.jdbi.v3.core.Handle h = org.jdbi.v3.core.Jdbi.open(c);
            long first = io.semaphore.testing.TestRows.insertTask(h, old);
            h.execute("UPDATE task SET status = 'success', \"end\" = created WHERE id = ?", first);
            h.execute("INSERT INTO task (template_id, project_id, status, created) SELECT template_id, project_id,"
                    + " 'waiting', created FROM task WHERE id = ?", first);
        }
        Result pruned = run("tasks", "prune", "--older-than-days", "30", "--batch-size", "1");
        assertThat(pruned.code()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("Deleted 1 task(s) finished more than 30 day(s) ago").contains("1 batch(es)")
                .contains("database file");
        env.put("SEMAPHORE_MAX_TASK_AGE_DAYS", "30");
        assertThat(run("tasks", "prune").out()).contains("Deleted 0 task(s)");
    }
}
