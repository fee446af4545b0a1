package io.semaphore.cli;

import io.semaphore.app.Services;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What every command needs from the outside world, passed in rather than read from statics, so tests run
 * commands with their own stdin, stdout, environment and working folder.
 */
record Cli(BufferedReader in, PrintStream out, PrintStream err, Map<String, String> env, Path workDir,
           GlobalOptions options) {

    ConfigLoader loader() {
        return new ConfigLoader(env, workDir);
    }

    Config config() {
        return loader().load(options.configPath(), options.noConfig());
    }

    /** A remote runner's configuration (it needs no access key encryption secret). */
    Config runnerConfig() {
        return loader().loadForRunner(options.configPath(), options.noConfig());
    }

    /** Opens the database (migrating it) for an offline command. */
    Services services() {
        return Services.open(config(), Clock.systemUTC());
    }
}
