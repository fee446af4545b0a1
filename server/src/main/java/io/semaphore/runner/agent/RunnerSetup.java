package io.semaphore.runner.agent;

import io.semaphore.config.Config;
import io.semaphore.config.RunnerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * What {@code semaphore runner register|start|unregister} do with the {@code runner} config block: where the token
 * comes from ({@code runner.token}, else {@code runner.token_file}), registration with {@code registration_token},
 * {@code webhook} and {@code max_parallel_tasks}, and the token file written private to its owner.
 */
public final class RunnerSetup {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RunnerSetup() {}

    /** The runner's token: runner.token, else the content of runner.token_file. */
    public static String token(RunnerConfig rc) throws IOException {
        if (!rc.token().isEmpty()) {
            return rc.token();
        }
        if (!rc.tokenFile().isEmpty() && Files.exists(Path.of(rc.tokenFile()))) {
            return Files.readString(Path.of(rc.tokenFile()), StandardCharsets.UTF_8).trim();
        }
        throw new IllegalStateException("The runner has no token: run 'semaphore runner register' (with"
                + " runner.token_file set), or set runner.token (SEMAPHORE_RUNNER_TOKEN)");
    }

    /** The client of a registered runner. */
    public static RunnerClient client(Config config) throws IOException {
        return new RunnerClient(config.webHost(), token(config.runner()), TIMEOUT);
    }

    /** The registration token given on stdin, else runner.registration_token; blank when there is none. */
    public static String registrationToken(RunnerConfig rc, String fromStdin) {
        return fromStdin != null ? fromStdin.trim() : rc.registrationToken().trim();
    }

    /**
     * Registers with the server. Returns the new token when there is no token file to keep it in (the caller shows
     * it once), else null after writing it to runner.token_file.
     */
    public static String register(Config config, String registrationToken) throws IOException, InterruptedException {
        RunnerConfig rc = config.runner();
        String token = new RunnerClient(config.webHost(), null, TIMEOUT)
                .register(registrationToken, rc.webhook(), rc.maxParallelTasks(), "", "");
        if (rc.tokenFile().isEmpty()) {
            return token;
        }
        writePrivate(Path.of(rc.tokenFile()), token);
        return null;
    }

    /** Unregisters (the server deletes the runner) and removes the token file. */
    public static void unregister(Config config) throws IOException, InterruptedException {
        client(config).unregister();
        RunnerConfig rc = config.runner();
        if (!rc.tokenFile().isEmpty()) {
            Files.deleteIfExists(Path.of(rc.tokenFile()));
        }
    }

    /** Writes a file only its owner can read (a runner's token). */
    public static void writePrivate(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }
}
