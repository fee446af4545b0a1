package io.semaphore.retention;

import io.semaphore.db.Database;
import io.semaphore.db.DatabaseException;
import io.semaphore.db.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a SQLite file shrink after deletions. SQLite keeps freed pages inside the file unless {@code auto_vacuum} is
 * INCREMENTAL, which can only be switched on for an empty database or by one full {@code VACUUM}: a new database
 * gets it before its first table; an older one is converted by its first prune (a rewrite of the whole file, once).
 * After that every prune hands the freed pages back with {@code PRAGMA incremental_vacuum}.
 */
public final class SqliteSpace {
    private static final Logger log = LoggerFactory.getLogger(SqliteSpace.class);
    private static final int INCREMENTAL = 2;
    /** 2 MB of 4 KiB pages per write: bench/retention measured 558 ms for 2000 pages. */
    private static final int PAGES_PER_STEP = 500;

    private SqliteSpace() {}

    /** Before the first migration: an empty SQLite database is made incremental at no cost. */
    public static void prepareNew(Database db) {
        if (!(db.dialect() instanceof Dialect.Sqlite)) {
            return;
        }
        int tables = db.read(h -> h.createQuery("SELECT COUNT(*) FROM sqlite_master").mapTo(Integer.class).one());
        if (tables == 0) {
            makeIncremental(db);
        }
    }

    /**
     * Gives free pages back to the file system (converting the file first when needed); returns the longest single
     * write it took (the write lock is held that long).
     */
    static long reclaim(Database db) {
        if (autoVacuum(db) != INCREMENTAL) {
            log.info("Converting the SQLite database to incremental vacuum (one full VACUUM)");
            long t0 = System.nanoTime();
            makeIncremental(db);
            return System.nanoTime() - t0; // the VACUUM left no free pages
        }
        long longest = 0;
        // a bounded number of pages per write, so other writers wait at most one step
        try (Connection c = ownConnection(db)) {
            for (int i = 0; i < 100_000 && freePages(c) > 0; i++) {
                long t0 = System.nanoTime();
                execute(c, "PRAGMA incremental_vacuum(" + PAGES_PER_STEP + ")");
                longest = Math.max(longest, System.nanoTime() - t0);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Could not give free pages back: " + e.getMessage(), e);
        }
        checkpoint(db);
        return longest;
    }

    static int autoVacuum(Database db) {
        try (Connection c = ownConnection(db); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new DatabaseException("Could not read PRAGMA auto_vacuum: " + e.getMessage(), e);
        }
    }

    /** Outside any transaction (VACUUM refuses one), on a connection of its own. */
    private static void makeIncremental(Database db) {
        try (Connection c = ownConnection(db)) {
            execute(c, "PRAGMA auto_vacuum = INCREMENTAL");
            execute(c, "VACUUM");
        } catch (SQLException e) {
            throw new DatabaseException("Could not switch the SQLite database to incremental vacuum: " + e.getMessage(), e);
        }
        checkpoint(db);
    }

    /** Moves the write-ahead log into the file and truncates it, so the freed space shows on disk now. */
    private static void checkpoint(Database db) {
        try (Connection c = ownConnection(db)) {
            execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            log.debug("WAL checkpoint after retention did not run: {}", e.getMessage());
        }
    }

    /**
     * A connection outside the pool: the pool's connections keep prepared statements, and VACUUM refuses to run on
     * a connection that has any in progress.
     */
    private static Connection ownConnection(Database db) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("busy_timeout", "15000");
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + file(db), p);
    }

    private static long freePages(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("PRAGMA freelist_count")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String file(Database db) {
        return db.read(h -> h.createQuery("PRAGMA database_list").map((rs, ctx) -> rs.getString("file")).first());
    }

    private static void execute(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new DatabaseException(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** Bytes of the database file and its write-ahead log; 0 for a server database. */
    public static long fileBytes(Database db) {
        if (!(db.dialect() instanceof Dialect.Sqlite)) {
            return 0;
        }
        String file = file(db);
        long total = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            try {
                Path p = Path.of(file + suffix);
                total += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                // a file that went away counts as empty
            }
        }
        return total;
    }
}
