package io.semaphore.cli;

import io.semaphore.app.Services;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.user.User;
import io.semaphore.user.UserRequest;
import io.semaphore.user.UserService;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code semaphore user add|list|get|change-by-login|change-by-email|delete|totp}, as Semaphore's {@code users}. */
@Command(name = "user", aliases = "users", mixinStandardHelpOptions = true, description = "Manage users",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Get.class,
                UserCommand.ChangeByLogin.class, UserCommand.ChangeByEmail.class, UserCommand.Delete.class,
                UserCommand.Totp.class})
final class UserCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    UserCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.err().println("Choose one of: add, list, get, change-by-login, change-by-email, delete, totp (see semaphore user --help)");
    }

    /** Opens the database, runs the action with the user service, closes. */
    static void withUsers(Cli cli, Consumer<UserService> action) {
        try (Services s = cli.services()) {
            action.accept(s.users());
        }
    }

    /** Semaphore's {@code --login} of the totp verbs accepts either. */
    static User findByLoginOrEmail(UserService users, String loginOrEmail) {
        try {
            return find(users, loginOrEmail, null);
        } catch (NotFoundException e) {
            try {
                return find(users, null, loginOrEmail);
            } catch (NotFoundException e2) {
                throw new NotFoundException("No user with login or email '" + loginOrEmail + "'");
            }
        }
    }

    static User find(UserService users, String login, String email) {
        if (login != null) {
            return users.store().findByUsername(login.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new NotFoundException("No user with login '" + login + "'"));
        }
        if (email != null) {
            return users.store().findByEmail(email.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new NotFoundException("No user with email '" + email + "'"));
        }
        throw new ValidationException("Give --login or --email");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user")
    static final class Add implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login", required = true, description = "Login (username)") String login;
        @Option(names = "--name", required = true, description = "Full name") String name;
        @Option(names = "--email", required = true, description = "Email address") String email;
        @Option(names = "--password", required = true, description = "Password") String password;
        @Option(names = "--admin", description = "Make the user an administrator") boolean admin;
        private final Cli cli;

        Add(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withUsers(cli, users -> {
                User u = users.create(new UserRequest(login, name, email, password, admin, false, false));
                cli.out().println("User " + u.username() + " <" + u.email() + "> added" + (u.admin() ? " (admin)" : ""));
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the logins of all users")
    static final class ListUsers implements Runnable {
        @Mixin GlobalOptions global;
        private final Cli cli;

        ListUsers(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withUsers(cli, users -> users.list().forEach(u -> cli.out().println(u.username())));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one user")
    static final class Get implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login") String login;
        @Option(names = "--email") String email;
        private final Cli cli;

        Get(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withUsers(cli, users -> {
                User u = find(users, login, email);
                cli.out().printf("id: %d%ncreated: %s%nlogin: %s%nname: %s%nemail: %s%nadmin: %s%n",
                        u.id(), u.created(), u.username(), u.name(), u.email(), u.admin());
            });
        }
    }

    /** Shared by change-by-login and change-by-email. */
    abstract static class Change implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--name", description = "New full name") String name;
        @Option(names = "--password", description = "New password (at most 72 bytes); ends the user's sessions and API tokens") String password;
        @Option(names = "--admin", description = "Make the user an administrator (it cannot be cleared here)") boolean admin;
        private final Cli cli;

        Change(Cli cli) {
            this.cli = cli;
        }

        abstract User target(UserService users);

        abstract String newLogin();

        abstract String newEmail();

        @Override
        public void run() {
            withUsers(cli, users -> {
                User u = target(users);
                User changed = new User(u.id(), u.created(), newLogin() == null ? u.username() : newLogin().toLowerCase(Locale.ROOT),
                        name == null ? u.name() : name, newEmail() == null ? u.email() : newEmail().toLowerCase(Locale.ROOT),
                        u.admin() || admin, u.external(), u.alert());
                // Run the same checks as the API: an administrator acting on anyone.
                User system = new User(0, u.created(), "cli", "cli", "", true, false, false);
                // A new password ends all of the user's sessions and API tokens (there is no session of ours to keep).
                users.update(system, u.id(), new UserRequest(changed.username(), changed.name(), changed.email(),
                        password, changed.admin(), null, null), null);
                cli.out().println("User " + changed.username() + " updated");
            });
        }
    }

    @Command(name = "change-by-login", mixinStandardHelpOptions = true, description = "Change the user with this login")
    static final class ChangeByLogin extends Change {
        @Option(names = "--login", required = true, description = "Login of the user to change") String login;
        @Option(names = "--email", description = "New email") String email;

        ChangeByLogin(Cli cli) {
            super(cli);
        }

        @Override
        User target(UserService users) {
            return find(users, login, null);
        }

        @Override
        String newLogin() {
            return null;
        }

        @Override
        String newEmail() {
            return email;
        }
    }

    @Command(name = "change-by-email", mixinStandardHelpOptions = true, description = "Change the user with this email")
    static final class ChangeByEmail extends Change {
        @Option(names = "--email", required = true, description = "Email of the user to change") String email;
        @Option(names = "--login", description = "New login") String login;

        ChangeByEmail(Cli cli) {
            super(cli);
        }

        @Override
        User target(UserService users) {
            return find(users, null, email);
        }

        @Override
        String newLogin() {
            return login;
        }

        @Override
        String newEmail() {
            return null;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user")
    static final class Delete implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login") String login;
        @Option(names = "--email") String email;
        private final Cli cli;

        Delete(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withUsers(cli, users -> {
                User u = find(users, login, email);
                users.delete(u.id());
                cli.out().println("User " + u.username() + " deleted");
            });
        }
    }

    @Command(name = "totp", mixinStandardHelpOptions = true, description = "Manage a user's TOTP second factor",
            subcommands = {TotpEnable.class, TotpDisable.class, TotpShow.class})
    static final class Totp implements Runnable {
        @Mixin GlobalOptions global;
        private final Cli cli;

        Totp(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            cli.err().println("Choose one of: enable, disable, show (see semaphore user totp --help)");
        }
    }

    /** Opens the database and runs the action on the user with this login (or email), as Semaphore looks it up. */
    static void withTotp(Cli cli, String login, java.util.function.BiConsumer<io.semaphore.auth.TotpService, User> action) {
        try (Services s = cli.services()) {
            action.accept(s.totp(), findByLoginOrEmail(s.users(), login));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Make a TOTP secret for the user; prints the otpauth URL for an authenticator app and a recovery code, once")
    static final class TotpEnable implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login", required = true, description = "User login (or email)") String login;
        private final Cli cli;

        TotpEnable(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withTotp(cli, login, (totp, u) -> {
                io.semaphore.auth.TotpService.Enrollment e = totp.enable(u);
                cli.out().println("Recovery code: " + e.recoveryCode());
                cli.out().println(e.url());
            });
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Remove the user's TOTP secret")
    static final class TotpDisable implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login", required = true, description = "User login (or email)") String login;
        private final Cli cli;

        TotpDisable(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withTotp(cli, login, (totp, u) -> {
                if (!totp.disable(u)) {
                    throw new NotFoundException("TOTP is not enabled for " + u.username());
                }
                cli.out().println("TOTP disabled for " + u.username());
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the user's otpauth URL, or that TOTP is disabled")
    static final class TotpShow implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login", required = true, description = "User login (or email)") String login;
        private final Cli cli;

        TotpShow(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            withTotp(cli, login, (totp, u) -> cli.out().println(totp.url(u).orElse("TOTP disabled")));
        }
    }
}
