package io.semaphore.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command accepts, as in Semaphore: {@code --config}, {@code --no-config}, {@code --log-level}. */
public final class GlobalOptions {
    @Option(names = "--config", paramLabel = "<path>", description = "Path to config.json")
    Path config;

    @Option(names = "--no-config", description = "Read the configuration from SEMAPHORE_* environment variables only")
    boolean noConfig;

    @Option(names = "--log-level", paramLabel = "<level>", description = "DEBUG, INFO, WARN or ERROR (default INFO)")
    String logLevel;

    Path configPath() {
        return config;
    }

    boolean noConfig() {
        return noConfig;
    }
}
