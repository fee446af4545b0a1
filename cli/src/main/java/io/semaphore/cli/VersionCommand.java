package io.semaphore.cli;

import io.semaphore.build.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code semaphore version}: one line, the version first, then the git commit and build date it was built from. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version, the git commit and the build date")
final class VersionCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    VersionCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.out().println(Version.describe());
    }
}
