package io.semaphore.cli;

import io.semaphore.app.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code semaphore version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version")
final class VersionCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    VersionCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.out().println(Version.VERSION);
    }
}
