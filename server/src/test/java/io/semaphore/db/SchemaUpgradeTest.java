package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.testing.TestRows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Upgrades on each database: from every earlier schema version with data, two nodes at once, a newer schema. */
@ParameterizedClass
@EnumSource(DbKind.class)
class SchemaUpgradeTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void fromEachEarlierVersion_withData_upToTheLatest() {
        List<String> versions;
        try (TestDatabase tdb = TestDatabase.create(kind, dir.resolve("list")); Database db = tdb.open()) {
            versions = Migrator.flyway(db, null).info().all().length == 0 ? List.of()
                    : java.util.Arrays.stream(Migrator.flyway(db, null).info().all())
                    .map(m -> m.getVersion().getVersion()).toList();
        }
        assertThat(versions).hasSizeGreaterThan(1);
        Instant created = Instant.parse("2026-02-03T04:05:06Z");
        for (String from : versions.subList(0, versions.size() - 1)) {
            try (TestDatabase tdb = TestDatabase.create(kind, dir.resolve("v" + from)); Database db = tdb.open()) {
                Flyway flyway = Migrator.flyway(db, null);
                Flyway.configure().configuration(flyway.getConfiguration()).target(from).load().migrate();
                long task = db.tx(h -> {
                    long id = TestRows.insertTask(h, created);
                    h.createUpdate("INSERT INTO event (project_id, object_type, description, created)"
                            + " SELECT project_id, 'task', 'made at V" + from + "', created FROM task WHERE id = :id")
                            .bind("id", id).execute();
                    return id;
                });

                int applied = Migrator.migrate(db);

                assertThat(applied).as("from V%s", from).isEqualTo(versions.size() - versions.indexOf(from) - 1);
                assertThat(Migrator.unapplied(db).none()).as("from V%s", from).isTrue();
                Instant stored = db.read(h -> h.createQuery("SELECT created FROM task WHERE id = :id").bind("id", task)
                        .mapTo(Instant.class).one());
                assertThat(stored).as("from V%s", from).isEqualTo(created);
                List<String> events = db.read(h -> h.createQuery("SELECT description FROM event").mapTo(String.class).list());
                assertThat(events).containsExactly("made at V" + from);
                int templates = db.read(h -> h.createQuery("SELECT COUNT(*) FROM project__template").mapTo(Integer.class).one());
                assertThat(templates).isEqualTo(1);
            }
        }
    }

    @Test
    void twoNodesStartingAtOnce_migrateOnce() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(kind, dir); Database a = tdb.open(); Database b = tdb.open()) {
            int total = Migrator.flyway(a, null).info().all().length;
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (Database node : List.of(a, b)) {
                    runs.add(nodes.submit(() -> {
                        together.await();
                        return Migrator.migrate(node);
                    }));
                }
                int applied = runs.get(0).get(120, TimeUnit.SECONDS) + runs.get(1).get(120, TimeUnit.SECONDS);
                assertThat(applied).as("each migration ran on one node only").isEqualTo(total);
            } finally {
                nodes.shutdownNow();
            }
            List<String> history = a.read(h -> h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(String.class).list());
            assertThat(history).doesNotHaveDuplicates().hasSize(total);
            assertThat(Migrator.unapplied(b).none()).isTrue();
        }
    }

    @Test
    void aDatabaseNewerThanThisBuild_isRefused_namingBothVersions() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir); Database db = tdb.open()) {
            Migrator.migrate(db);
            MigrationInfo[] all = Migrator.flyway(db, null).info().all();
            String latest = all[all.length - 1].getVersion().getVersion();
            db.run(h -> {
                int rank = h.createQuery("SELECT MAX(installed_rank) FROM flyway_schema_history").mapTo(Integer.class).one();
                h.createUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                                + " checksum, installed_by, execution_time, success)"
                                + " VALUES (:r, '999', 'from a newer build', 'SQL', 'V999__from_a_newer_build.sql', 0,"
                                + " 'test', 1, :ok)")
                        .bind("r", rank + 1).bind("ok", true).execute();
            });

            assertThatThrownBy(() -> Migrator.migrate(db)).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("schema is at version 999")
                    .hasMessageContaining("(up to " + latest + ")")
                    .hasMessageContaining("restore the backup");
        }
    }
}
