package io.semaphore.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void deleteQuietlyDeletesAFolderWithEverythingInIt() throws IOException {
        Path work = Files.createDirectories(dir.resolve("task_1_/repo/.git"));
        Files.writeString(work.resolve("HEAD"), "ref");
        Files.writeString(dir.resolve("task_1_/vars.json"), "{}");
        PrivateFiles.deleteQuietly(dir.resolve("task_1_"));
        assertThat(dir.resolve("task_1_")).doesNotExist();
    }

    @Test
    void deleteQuietlyDeletesALinkNotWhatItPointsTo() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "kept");
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.createSymbolicLink(work.resolve("link"), outside);
        Files.createSymbolicLink(work.resolve("folder-link"), dir);
        PrivateFiles.deleteQuietly(work);
        assertThat(work).doesNotExist();
        assertThat(outside).hasContent("kept");
    }

    @Test
    void deleteQuietlyTakesNullOrAMissingPath() {
        PrivateFiles.deleteQuietly(null);
        PrivateFiles.deleteQuietly(dir.resolve("missing"));
        assertThat(dir).exists();
    }
}
