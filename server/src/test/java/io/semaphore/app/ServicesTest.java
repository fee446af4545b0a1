package io.semaphore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.config.Config;
import io.semaphore.config.ConfigLoader;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What offline CLI commands build (user list, migrate, ...) is the services alone: no engine, no node id taken.
 * A serving node's engine takes its node id when it starts and gives it back when it closes.
 */
class ServicesTest {
    @TempDir
    Path dir;

    @Test
    void services_takeNoNodeId_theEngineTakesItAtStartAndGivesItBackAtClose() throws Exception {
        try (TestDatabase db = TestDatabase.create(DbKind.SQLITE, dir)) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("dialect", DbKind.SQLITE.dialect);
            root.set(DbKind.SQLITE.dialect, json.valueToTree(db.config()));
            root.put("tmp_path", dir.resolve("tmp").toString());
            ConfigLoader loader = new ConfigLoader(Map.of(), dir);
            loader.save(dir.resolve("config.json"), root);
            Config config = loader.load(dir.resolve("config.json"), false);

            Path nodeId = dir.resolve("tmp").resolve("node-id");
            String firstId;
            try (Services services = Services.open(config, Clock.systemUTC())) {
                assertThat(services.users().list()).isEmpty();
                try (Engine engine = new Engine(services)) {
                    assertThat(nodeId).as("an engine not started has not taken a node id").doesNotExist();
                    assertThatThrownBy(() -> engine.scheduler().nodeId()).isInstanceOf(IllegalStateException.class);
                    engine.start();
                    firstId = engine.scheduler().nodeId();
                    assertThat(nodeId).exists();
                }
                // Closed, the engine let its node id go: the next one takes the same (not node-id-2).
                try (Engine again = new Engine(services)) {
                    again.start();
                    assertThat(again.scheduler().nodeId()).isEqualTo(firstId);
                }
            }
            assertThat(dir.resolve("tmp").resolve("node-id-2")).doesNotExist();
        }
    }
}
