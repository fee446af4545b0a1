package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Rows to records by column name, on each database's own column types, with NULLs and timestamps. */
@ParameterizedClass
@EnumSource(DbKind.class)
class RecordMapperTest {
    record Row(int id, String name, Integer ownerId, boolean active, Boolean flag, long size, Long limitBytes,
               Instant created, Instant ended) {}

    record Missing(int id, String nickname) {}

    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void mapsColumnsToComponents_byName_withNullsAndTimes() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            String time = kind == DbKind.SQLITE ? "BIGINT" : kind == DbKind.MYSQL ? "DATETIME(3)" : "TIMESTAMP(3)";
            db.run(h -> h.execute("CREATE TABLE rm (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, owner_id INTEGER NULL,"
                    + " active BOOLEAN NOT NULL, flag BOOLEAN NULL, size BIGINT NOT NULL, limit_bytes BIGINT NULL,"
                    + " created " + time + " NOT NULL, ended " + time + " NULL, extra VARCHAR(5) NULL)"));
            Instant created = Instant.parse("2026-03-04T05:06:07.089Z");
            db.run(h -> {
                h.createUpdate("INSERT INTO rm VALUES (1, 'one', 7, TRUE, FALSE, 5000000000, 12, :c, :c, 'x')")
                        .bind("c", created).execute();
                h.createUpdate("INSERT INTO rm VALUES (2, 'two', NULL, FALSE, NULL, 0, NULL, :c, NULL, NULL)")
                        .bind("c", created).execute();
            });
            RecordMapper<Row> mapper = RecordMapper.of(Row.class);
            for (int round = 0; round < 2; round++) { // the second round uses the kept plan
                List<Row> rows = db.read(h -> h.createQuery("SELECT extra, id, name, owner_id, active, flag, size,"
                        + " limit_bytes, created, ended FROM rm ORDER BY id").map(mapper).list());
                assertThat(rows).containsExactly(
                        new Row(1, "one", 7, true, false, 5_000_000_000L, 12L, created, created),
                        new Row(2, "two", null, false, null, 0, null, created, null));
            }
        }
    }

    @Test
    void aMissingColumn_isAnErrorNamingIt() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            db.run(h -> h.execute("CREATE TABLE rm2 (id INTEGER PRIMARY KEY, name VARCHAR(20))"));
            db.run(h -> h.execute("INSERT INTO rm2 VALUES (1, 'a')"));
            assertThatThrownBy(() -> db.read(h -> h.createQuery("SELECT id, name FROM rm2").map(RecordMapper.of(Missing.class)).list()))
                    .hasMessageContaining("Missing.nickname");
        }
    }
}
