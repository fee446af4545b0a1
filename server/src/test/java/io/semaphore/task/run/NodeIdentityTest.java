package io.semaphore.task.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
    @TempDir
    Path dir;

    @Test
    void aNodeKeepsItsId_andTwoLiveNodesNeverShareOne() throws Exception {
        String first;
        try (NodeIdentity one = NodeIdentity.acquire(dir)) {
            first = one.id();
            try (NodeIdentity two = NodeIdentity.acquire(dir)) {
                assertThat(two.id()).isNotEqualTo(first);
                assertThat(Files.readString(dir.resolve("node-id-2")).strip()).isEqualTo(two.id());
            }
            assertThat(Files.readString(dir.resolve("node-id")).strip()).isEqualTo(first);
        }
        try (NodeIdentity again = NodeIdentity.acquire(dir)) {
            assertThat(again.id()).as("the same node after a restart").isEqualTo(first);
        }
    }

    @Test
    void withoutAWritableFolder_aNodeStillGetsAnId() throws Exception {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        try (NodeIdentity id = NodeIdentity.acquire(file.resolve("tmp"))) {
            assertThat(id.id()).hasSize(36);
        }
    }
}
