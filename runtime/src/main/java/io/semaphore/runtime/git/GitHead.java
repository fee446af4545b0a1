package io.semaphore.runtime.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a working copy's HEAD commit from its files, and remembers commit subjects, so that reporting the commit of
 * a task costs no git process in the common case. Each task used to start two ({@code rev-parse}, {@code log}); with
 * hundreds of short tasks those were a good part of the work. Anything unusual (a {@code .git} file, the reftable
 * format, a symbolic ref chain) returns empty and the caller asks git.
 */
final class GitHead {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final int MAX_SUBJECTS = 4096;
    /** Commit hash → subject. A commit never changes, so entries never go stale. */
    private static final Map<String, String> SUBJECTS = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SUBJECTS;
        }
    };

    private GitHead() {}

    /** The commit HEAD points at, read from {@code .git/HEAD} and the loose or packed ref it names. */
    static Optional<String> resolve(Path workTree) {
        Path gitDir = workTree.resolve(".git");
        if (!Files.isDirectory(gitDir)) {
            return Optional.empty();
        }
        try {
            String head = read(gitDir.resolve("HEAD"));
            if (HASH.matcher(head).matches()) {
                return Optional.of(head);
            }
            if (!head.startsWith("ref: ")) {
                return Optional.empty();
            }
            String ref = head.substring(5).strip();
            if (!ref.startsWith("refs/") || ref.contains("..")) {
                return Optional.empty();
            }
            Path loose = gitDir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String hash = read(loose);
                return HASH.matcher(hash).matches() ? Optional.of(hash) : Optional.empty();
            }
            Path packed = gitDir.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    int space = line.indexOf(' ');
                    if (space > 0 && !line.startsWith("#") && !line.startsWith("^") && line.substring(space + 1).equals(ref)) {
                        String hash = line.substring(0, space);
                        return HASH.matcher(hash).matches() ? Optional.of(hash) : Optional.empty();
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> subject(String hash) {
        synchronized (SUBJECTS) {
            return Optional.ofNullable(SUBJECTS.get(hash));
        }
    }

    static void rememberSubject(String hash, String subject) {
        synchronized (SUBJECTS) {
            SUBJECTS.put(hash, subject);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
