package io.semaphore.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A real git repository in a temp folder, with commits made by git itself. */
public final class TestRepo {
    private final Path dir;

    private TestRepo(Path dir) {
        this.dir = dir;
    }

    public static TestRepo create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.run(dir, "git", "init", "-q", "-b", "main");
        Shell.run(dir, "git", "config", "user.email", "test@example.com");
        Shell.run(dir, "git", "config", "user.name", "Test");
        return new TestRepo(dir);
    }

    public Path dir() {
        return dir;
    }

    public String url() {
        return "file://" + dir;
    }

    /** Writes the file (executable when it ends with .sh or .py), commits it, returns the commit hash. */
    public String commit(String file, String content, String message) {
        try {
            Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
            if (file.endsWith(".sh") || file.endsWith(".py")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.run(dir, "git", "add", "-A");
        Shell.run(dir, "git", "commit", "-q", "-m", message);
        return Shell.run(dir, "git", "rev-parse", "HEAD");
    }

    public void git(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "git";
        System.arraycopy(args, 0, argv, 1, args.length);
        Shell.run(dir, argv);
    }
}
