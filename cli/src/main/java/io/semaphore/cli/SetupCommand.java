package io.semaphore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.app.Services;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigLoader;
import io.semaphore.errors.ValidationException;
import io.semaphore.user.UserRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code semaphore setup}: asks for the database, paths, alerts and LDAP, writes config.json with generated
 * secrets, migrates, and creates the first admin. Answers can be piped on stdin, one per line; an empty line
 * takes the default. Semaphore's menu numbers are kept (1 MySQL, 3 PostgreSQL) and its BoltDB choice (2) now means
 * SQLite, which is also the default.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, description = "Create config.json and the first admin interactively")
final class SetupCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    SetupCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        String db = ask("What database to use:\n   1 - MySQL / MariaDB\n   2 - SQLite (embedded, no server needed)\n"
                + "   3 - PostgreSQL\n (default 2)", "2");
        Path cwd = cli.workDir();
        switch (db) {
            case "1", "3" -> {
                boolean pg = db.equals("3");
                String dialect = pg ? "postgres" : "mysql";
                root.put("dialect", dialect);
                ObjectNode block = root.putObject(dialect);
                block.put("host", ask("DB host:port", pg ? "127.0.0.1:5432" : "127.0.0.1:3306"));
                block.put("user", ask("DB user", pg ? "postgres" : "root"));
                block.put("pass", ask("DB password", ""));
                block.put("name", ask("DB name", "semaphore"));
            }
            case "2" -> {
                root.put("dialect", "sqlite");
                root.putObject("sqlite").put("host", ask("SQLite database file",
                        cwd.resolve("data").resolve("database.sqlite").toString()));
            }
            default -> throw new ValidationException("Database choice '" + db + "' is not 1, 2 or 3");
        }
        root.put("tmp_path", ask("Path for repositories and temporary files", "/tmp/semaphore"));
        root.put("web_host", ask("Public URL (optional, e.g. https://semaphore.example.com)", ""));
        if (yes(ask("Enable email alerts? (yes/no)", "no"))) {
            root.put("email_alert", true);
            root.put("email_sender", ask("Mail sender address", "semaphore@localhost"));
            root.put("email_host", ask("SMTP host", "localhost"));
            root.put("email_port", ask("SMTP port", "25"));
            root.put("email_username", ask("SMTP user (optional)", ""));
            root.put("email_password", ask("SMTP password (optional)", ""));
        }
        if (yes(ask("Enable Telegram alerts? (yes/no)", "no"))) {
            root.put("telegram_alert", true);
            root.put("telegram_token", ask("Telegram bot token", ""));
            root.put("telegram_chat", ask("Telegram chat id", ""));
        }
        if (yes(ask("Enable Slack alerts? (yes/no)", "no"))) {
            root.put("slack_alert", true);
            root.put("slack_url", ask("Slack webhook URL", ""));
        }
        if (yes(ask("Enable Rocket.Chat alerts? (yes/no)", "no"))) {
            root.put("rocketchat_alert", true);
            root.put("rocketchat_url", ask("Rocket.Chat webhook URL", ""));
        }
        if (yes(ask("Enable Microsoft Teams alerts? (yes/no)", "no"))) {
            root.put("microsoft_teams_alert", true);
            root.put("microsoft_teams_url", ask("Microsoft Teams webhook URL", ""));
        }
        if (yes(ask("Enable LDAP sign-in? (yes/no)", "no"))) {
            root.put("ldap_enable", true);
            root.put("ldap_server", ask("LDAP server host:port", "localhost:389"));
            root.put("ldap_needtls", yes(ask("Use TLS for LDAP? (yes/no)", "no")));
            root.put("ldap_binddn", ask("LDAP bind DN", "cn=user,ou=users,dc=example"));
            root.put("ldap_bindpassword", ask("LDAP bind password", ""));
            root.put("ldap_searchdn", ask("LDAP search DN", "ou=users,dc=example"));
            root.put("ldap_searchfilter", ask("LDAP search filter", "(uid=%s)"));
            ObjectNode m = root.putObject("ldap_mappings");
            m.put("dn", ask("LDAP attribute for DN", "dn"));
            m.put("mail", ask("LDAP attribute for email", "mail"));
            m.put("uid", ask("LDAP attribute for login", "uid"));
            m.put("cn", ask("LDAP attribute for name", "cn"));
        }
        root.put("cookie_hash", ConfigLoader.randomSecret());
        root.put("cookie_encryption", ConfigLoader.randomSecret());
        root.put("access_key_encryption", ConfigLoader.randomSecret());
        Path dir = Path.of(ask("Config output directory", cwd.toString()));
        Path file = (dir.isAbsolute() ? dir : cwd.resolve(dir)).resolve("config.json");
        ConfigLoader loader = cli.loader();
        loader.save(file, root);
        cli.out().println("Configuration written to " + file);
        Config config = loader.load(file, false);
        try (Services s = Services.open(config, Clock.systemUTC())) {
            cli.out().println("Database migrated");
            String login = ask("Admin login", "admin");
            if (s.users().store().findByUsername(login.toLowerCase(Locale.ROOT)).isPresent()) {
                cli.out().println("User " + login + " already exists; not creating an admin");
                return;
            }
            String email = ask("Admin email", login + "@localhost");
            String name = ask("Admin name", "Admin");
            String password = ask("Admin password", "");
            s.users().create(new UserRequest(login, name, email, password, true, false, false));
            cli.out().println("Admin " + login + " created. Start the server with: semaphore server --config " + file);
        }
    }

    private String ask(String question, String fallback) {
        cli.out().print(question + (fallback.isEmpty() || question.contains("(default") ? "" : " (default " + fallback + ")") + ": ");
        cli.out().flush();
        try {
            String line = cli.in().readLine();
            if (line == null) {
                cli.out().println();
                return fallback;
            }
            line = line.trim();
            return line.isEmpty() ? fallback : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean yes(String answer) {
        return answer.toLowerCase(Locale.ROOT).startsWith("y");
    }
}
