package io.semaphore.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * SQLite only: keeps each connection's prepared statements and hands them out again. sqlite-jdbc has no statement
 * cache and the pool's connection proxy closes what it prepared, so every query was compiled anew: about 34 µs for
 * the task query against 7 µs to run it, and the largest single cost of short tasks in the server's profile.
 *
 * <p>Statements are prepared on the physical connection (so the pool does not close them when the connection goes
 * back), taken out of the cache while in use (a nested query with the same SQL gets its own), and put back reset
 * (SQLite's {@code sqlite3_reset}: a statement left mid-result would hold a read snapshot and serve stale rows)
 * with parameters and batch cleared. They die with their connection; caches of closed connections are dropped.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    static final int MAX_PER_CONNECTION = 200;

    private final Map<SQLiteConnection, Map<String, PreparedStatement>> caches = new ConcurrentHashMap<>();
    /** Statements handed out again instead of prepared (for tests and curiosity). */
    final java.util.concurrent.atomic.AtomicLong reused = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        return new Builder();
    }

    /** How many connections have a cache (for tests). */
    int connections() {
        return caches.size();
    }

    private Map<String, PreparedStatement> cacheOf(SQLiteConnection raw) {
        Map<String, PreparedStatement> cache = caches.get(raw);
        if (cache != null) {
            return cache;
        }
        caches.keySet().removeIf(SqliteStatementCache::isClosed); // connections the pool retired
        return caches.computeIfAbsent(raw, r -> new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= MAX_PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        });
    }

    private static boolean isClosed(SQLiteConnection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException ignored) {
            // it goes with its connection anyway
        }
    }

    /** One per Jdbi handle (so used by one thread at a time); the caches it draws from are per connection. */
    private final class Builder extends DefaultStatementBuilder {
        /** Statements this handle took from (or made for) the cache, with the SQL they were prepared from. */
        private final Map<Statement, String> fromCache = new IdentityHashMap<>();

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
                return super.create(conn, sql, ctx);
            }
            SQLiteConnection raw = conn.unwrap(SQLiteConnection.class);
            Map<String, PreparedStatement> cache = cacheOf(raw);
            PreparedStatement ps;
            synchronized (cache) {
                ps = cache.remove(sql);
            }
            if (ps == null || ps.isClosed()) {
                ps = raw.prepareStatement(sql);
            } else {
                reused.incrementAndGet();
            }
            fromCache.put(ps, sql);
            return ps;
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            String prepared = fromCache.remove(stmt); // Jdbi closes with its unparsed SQL (":name"), not the prepared one
            if (prepared == null) {
                super.close(conn, sql, stmt);
                return;
            }
            CoreStatement core = (CoreStatement) stmt;
            Map<String, PreparedStatement> cache = caches.get(core.conn);
            if (cache == null || stmt.isClosed()) {
                closeQuietly(stmt);
                return;
            }
            try {
                core.pointer.safeRunInt((DB db, long ptr) -> db.reset(ptr));
                PreparedStatement ps = (PreparedStatement) stmt;
                ps.clearParameters();
                ps.clearBatch();
            } catch (SQLException | RuntimeException e) {
                closeQuietly(stmt);
                return;
            }
            PreparedStatement previous;
            synchronized (cache) {
                previous = cache.put(prepared, (PreparedStatement) stmt);
            }
            if (previous != null && previous != stmt) {
                closeQuietly(previous);
            }
        }
    }
}
