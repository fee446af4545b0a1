package io.semaphore.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.semaphore.config.DbConfig;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ServiceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The connection pool and Jdbi for the chosen dialect. {@link #tx} and {@link #read} run work on one handle per
 * thread: a call made while another is open on the same thread joins it, so services can compose store calls
 * into one transaction without passing handles around.
 */
public final class Database implements AutoCloseable {
    private static final long CONNECTION_TIMEOUT_MS = 10_000;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    /**
     * SQLite has one writer at a time, and a writer that finds the file locked sleeps in SQLite's busy handler
     * (1, 2, 5 … 100 ms steps). Under load (ten tasks logging and finishing at once) those sleeps dominated, so
     * write transactions queue here, fairly and without sleeping, before they take a connection. Null on server
     * databases, whose own locks are row-level.
     */
    private final ReentrantLock sqliteWriter;

    private Database(Dialect dialect, HikariDataSource pool) {
        this.dialect = dialect;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        dialect.configure(jdbi);
        this.sqliteWriter = dialect instanceof Dialect.Sqlite ? new ReentrantLock(true) : null;
    }

    /** Opens the pool; creates the SQLite folder or the server-side database when missing. */
    public static Database open(Dialect dialect, DbConfig db) {
        try {
            if (dialect instanceof Dialect.Sqlite) {
                Path parent = Path.of(db.host()).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
            dialect.createDatabaseIfMissing(db);
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("semaphore-" + dialect.name());
            hikari.setMinimumIdle(1);
            hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
            hikari.setInitializationFailTimeout(10_000);
            dialect.configure(hikari, db);
            return new Database(dialect, new HikariDataSource(hikari));
        } catch (Exception e) {
            throw new DatabaseException("Cannot connect to the " + dialect.name() + " database "
                    + (dialect instanceof Dialect.Sqlite ? db.host() : db.host() + "/" + db.name()) + ": "
                    + rootMessage(e) + ". Check the '" + dialect.name() + "' block of config.json", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The Jdbi instance, for tests of its settings. */
    Jdbi jdbiForTests() {
        return jdbi;
    }

    public javax.sql.DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in a transaction (joining the thread's open one, if any). */
    public <T> T tx(Function<Handle, T> work) {
        Handle open = current.get();
        if (open != null) {
            return work.apply(open);
        }
        if (sqliteWriter != null) {
            sqliteWriter.lock(); // before taking a connection, so a queued writer never holds one idle
        }
        try (Handle h = jdbi.open()) {
            current.set(h);
            return h.inTransaction(work::apply);
        } catch (JdbiException e) {
            throw translate(e);
        } finally {
            current.remove();
            if (sqliteWriter != null) {
                sqliteWriter.unlock();
            }
        }
    }

    /** Runs {@code work} without opening a transaction (joining the thread's open handle, if any). */
    public <T> T read(Function<Handle, T> work) {
        Handle open = current.get();
        if (open != null) {
            return work.apply(open);
        }
        try (Handle h = jdbi.open()) {
            current.set(h);
            return work.apply(h);
        } catch (JdbiException e) {
            throw translate(e);
        } finally {
            current.remove();
        }
    }

    /** A transaction with no result. */
    public void run(java.util.function.Consumer<Handle> work) {
        tx(h -> {
            work.accept(h);
            return null;
        });
    }

    /**
     * Failures a person can act on become API errors: a duplicate or a row in use (409), and the database's own
     * state (503, naming it: read-only, full, unreachable). Anything else stays as it is: a bug, a 500.
     */
    private RuntimeException translate(JdbiException e) {
        if (e instanceof StatementException && e.getCause() instanceof SQLException sql) {
            if (dialect.isUniqueViolation(sql)) {
                return new ConflictException("An object with the same unique value already exists");
            }
            if (dialect.isForeignKeyViolation(sql)) {
                return new ConflictException("The object is still in use by other objects, or refers to one that does not exist");
            }
        }
        return outage(dialect, e).<RuntimeException>map(o -> new ServiceUnavailableException(o.message(), e)).orElse(e);
    }

    /**
     * The deepest cause that names the database's state wins (the pool's time-out wraps the failure of its last
     * attempt to connect); a time-out with no such cause is still an unreachable database.
     */
    static Optional<Outage> outage(Dialect dialect, Throwable failure) {
        Outage found = null;
        boolean poolTimedOut = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                poolTimedOut = true; // HikariCP: no connection within connectionTimeout
            } else if (t instanceof SQLException sql) {
                Optional<Outage> o = dialect.outage(sql);
                if (o.isEmpty() && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                    o = Optional.of(new Outage(Outage.Kind.UNREACHABLE, dialect.name() + " SQLSTATE " + sql.getSQLState()));
                }
                if (o.isPresent()) {
                    found = o.get();
                }
            }
        }
        if (found == null && poolTimedOut) {
            found = new Outage(Outage.Kind.UNREACHABLE, "no connection within " + CONNECTION_TIMEOUT_MS / 1000 + " s");
        }
        return Optional.ofNullable(found);
    }

    @Override
    public void close() {
        pool.close();
    }
}
