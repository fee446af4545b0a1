package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.config.DbConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reused statements must never serve stale rows, however their last use ended. */
class SqliteStatementCacheTest {
    @TempDir
    Path dir;

    @Test
    void reusedStatements_seeEveryCommittedWrite_evenAfterAPartlyReadResult() throws Exception {
        try (Database db = Database.open(Dialect.of("sqlite"), new DbConfig(dir.resolve("t.sqlite").toString(), "", "", "", Map.of()))) {
            db.run(h -> h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
            db.run(h -> h.execute("INSERT INTO t (id, v) VALUES (1, 0), (2, 0), (3, 0)"));
            for (int i = 1; i <= 50; i++) {
                // first() stops after one row: the statement goes back to the cache mid-result
                int seen = db.read(h -> h.createQuery("SELECT v FROM t ORDER BY id").mapTo(Integer.class).first());
                assertThat(seen).isEqualTo(i - 1);
                int value = i;
                Thread writer = Thread.ofPlatform().start(() ->
                        db.run(h -> h.createUpdate("UPDATE t SET v = :v").bind("v", value).execute()));
                writer.join();
                int after = db.read(h -> h.createQuery("SELECT v FROM t WHERE id = :id").bind("id", 2).mapTo(Integer.class).one());
                assertThat(after).isEqualTo(i);
            }
            SqliteStatementCache cache = (SqliteStatementCache) db.jdbiForTests().getStatementBuilderFactory();
            assertThat(cache.reused.get()).as("statements handed out again").isGreaterThan(100);
        }
    }

    @Test
    void nestedQueriesWithTheSameSql_eachGetTheirOwnStatement() {
        try (Database db = Database.open(Dialect.of("sqlite"), new DbConfig(dir.resolve("n.sqlite").toString(), "", "", "", Map.of()))) {
            db.run(h -> h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
            db.run(h -> h.execute("INSERT INTO t (id) VALUES (1), (2), (3)"));
            String sql = "SELECT id FROM t WHERE id >= :from ORDER BY id";
            int total = db.read(h -> h.createQuery(sql).bind("from", 1).mapTo(Integer.class).stream()
                    .mapToInt(outer -> h.createQuery(sql).bind("from", outer).mapTo(Integer.class).list().size())
                    .sum());
            assertThat(total).isEqualTo(3 + 2 + 1);
        }
    }

    @Test
    void concurrentReadersAndWriters_stayConsistent() throws Exception {
        try (Database db = Database.open(Dialect.of("sqlite"), new DbConfig(dir.resolve("c.sqlite").toString(), "", "", "", Map.of()))) {
            db.run(h -> h.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"));
            db.run(h -> h.execute("INSERT INTO c (id, n) VALUES (1, 0)"));
            int threads = 8;
            int rounds = 200;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        for (int r = 0; r < rounds; r++) {
                            db.run(h -> h.createUpdate("UPDATE c SET n = n + 1 WHERE id = :id").bind("id", 1).execute());
                            db.read(h -> h.createQuery("SELECT n FROM c WHERE id = :id").bind("id", 1).mapTo(Integer.class).one());
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            int n = db.read(h -> h.createQuery("SELECT n FROM c WHERE id = 1").mapTo(Integer.class).one());
            assertThat(n).isEqualTo(threads * rounds);
        }
    }
}
