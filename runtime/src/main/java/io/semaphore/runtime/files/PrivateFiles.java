package io.semaphore.runtime.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/** Folders and files only the job's user can read, and helper scripts that print one environment variable. */
public final class PrivateFiles {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PrivateFiles() {}

    /** A new folder (mode 0700) under {@code parent}, which is created when missing. */
    public static Path createFolder(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Writes {@code text} to a new or truncated file of mode 0600. */
    public static Path writeFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Writes an executable (0700) {@code /bin/sh} script that prints the value of the environment variable
     * {@code variable}. The script holds no secret: the value reaches it through the environment of its parent.
     * When {@code refusePrefix} is not empty, a prompt (first argument) starting with it gets no answer (exit 1),
     * so a tool that asks again after a wrong answer gives up instead of looping.
     */
    public static Path writeEnvPrinter(Path file, String variable, String refusePrefix) throws IOException {
        if (!ENV_NAME.matcher(variable).matches()) {
            throw new IllegalArgumentException("not an environment variable name: " + variable);
        }
        var script = new StringBuilder("#!/bin/sh\n");
        if (!refusePrefix.isEmpty()) {
            script.append("case \"$1\" in '").append(refusePrefix.replace("'", "")).append("'*) exit 1 ;; esac\n");
        }
        script.append("printf '%s\\n' \"$").append(variable).append("\"\n");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Deletes a file or a folder with everything in it, as much of it as it can: what cannot be deleted is left, the
     * rest goes (a job's work folder too). Null or a missing path is fine. Never throws.
     */
    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    deleteOne(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    deleteOne(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left behind; its folder stays too
        }
    }

    /** Deletes a file or a folder with everything in it (symbolic links are deleted, not followed). */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
