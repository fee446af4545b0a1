package io.semaphore.cli;

import io.semaphore.app.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code semaphore migrate}: bring the database schema up to date and exit. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply pending database migrations")
final class MigrateCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    MigrateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        try (Services s = cli.services()) {
            cli.out().println("Database (" + s.config().dialect() + ") is up to date");
        }
    }
}
