package io.semaphore.cli;

import io.semaphore.app.Services;
import io.semaphore.auth.ApiToken;
import io.semaphore.errors.NotFoundException;
import io.semaphore.user.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code semaphore token create|list|delete --login X}: API tokens for scripts, without the web UI. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage a user's API tokens",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Delete.class})
final class TokenCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    TokenCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.err().println("Choose one of: create, list, delete (see semaphore token --help)");
    }

    abstract static class Base implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--login", required = true, description = "Login of the token's user") String login;
        final Cli cli;

        Base(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            try (Services s = cli.services()) {
                User u = UserCommand.find(s.users(), login, null);
                act(s, u);
            }
        }

        abstract void act(Services s, User u);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it (shown once)")
    static final class Create extends Base {
        Create(Cli cli) {
            super(cli);
        }

        @Override
        void act(Services s, User u) {
            ApiToken t = s.auth().tokens().create(u.id(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
            cli.out().println(t.id());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List token ids (SHA-256 of each token)")
    static final class ListTokens extends Base {
        ListTokens(Cli cli) {
            super(cli);
        }

        @Override
        void act(Services s, User u) {
            s.auth().tokens().list(u.id()).forEach(t ->
                    cli.out().println(t.id() + "  " + t.created() + (t.expired() ? "  expired" : "")));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Expire a token (by token or listed id)")
    static final class Delete extends Base {
        @Option(names = "--id", required = true, description = "The token, or its id from 'token list'") String id;

        Delete(Cli cli) {
            super(cli);
        }

        @Override
        void act(Services s, User u) {
            if (!s.auth().revokeToken(u.id(), id)) {
                throw new NotFoundException("User " + u.username() + " has no token " + id);
            }
            cli.out().println("Token expired");
        }
    }
}
