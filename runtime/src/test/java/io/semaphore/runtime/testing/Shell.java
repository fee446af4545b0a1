package io.semaphore.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test set-up commands (git init, ssh-keygen, ...): run, wait, fail loudly. */
public final class Shell {
    private Shell() {}

    public static String run(Path cwd, String... argv) {
        return run(cwd, Map.of(), argv);
    }

    public static String run(Path cwd, Map<String, String> env, String... argv) {
        try {
            var builder = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", argv) + " failed: " + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** PATH and HOME, as the server gives every job. */
    public static Map<String, String> baseEnv(Path home) {
        return Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "CHECKPOINT_DISABLE", "1");
    }

    public static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Every regular file under {@code dir} whose text contains {@code secret}. */
    public static List<Path> filesContaining(Path dir, String secret) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
