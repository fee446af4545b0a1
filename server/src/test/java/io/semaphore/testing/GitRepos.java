package io.semaphore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real git repositories made in a temp folder for tests: files in, one commit each call. */
public final class GitRepos {
    private GitRepos() {}

    /** Creates a repository with branch {@code main} holding {@code files} (path → content); returns its folder. */
    public static Path create(Path parent, String name, Map<String, String> files) {
        Path dir = parent.resolve(name);
        try {
            Files.createDirectories(dir);
            git(dir, "init", "-q", "-b", "main");
            git(dir, "config", "user.email", "test@example.com");
            git(dir, "config", "user.name", "Test");
            commit(dir, files, "initial commit");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void commit(Path dir, Map<String, String> files, String message) {
        try {
            for (var e : files.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                if (e.getKey().endsWith(".sh") || e.getKey().endsWith(".py")) {
                    f.toFile().setExecutable(true);
                }
            }
            git(dir, "add", "-A");
            git(dir, "commit", "-q", "-m", message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String head(Path dir) {
        return git(dir, "rev-parse", "HEAD").trim();
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
