package io.semaphore.runtime.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A process to start: the argv (argv[0] is found on the JVM's PATH when it is not a path), its working folder, its
 * whole environment (nothing is inherited), text for its stdin (null: stdin is closed at once) and an optional timeout.
 */
public record Command(List<String> argv, Path cwd, Map<String, String> env, @Nullable String stdin,
                      @Nullable Duration timeout) {

    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
    }

    public static Command of(List<String> argv, Path cwd, Map<String, String> env) {
        return new Command(argv, cwd, env, null, null);
    }

    public Command withStdin(@Nullable String text) {
        return new Command(argv, cwd, env, text, timeout);
    }

    public Command withTimeout(@Nullable Duration limit) {
        return new Command(argv, cwd, env, stdin, limit);
    }

    /** The program's file name, e.g. "bash" for {@code /usr/bin/bash}: what log lines call it. */
    public String program() {
        Path name = Path.of(argv.getFirst()).getFileName();
        return name == null ? argv.getFirst() : name.toString();
    }

    @Override
    public String toString() {
        return "Command[" + program() + " in " + cwd + "]"; // argv and env may hold secrets
    }
}
