package io.semaphore.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway scripts of the database's vendor folder ({@code db/migration/<vendor>}) and the Java
 * migrations that need more than SQL ({@link EncryptEnvironmentPasswords}, which needs the secrets key).
 */
public final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    private Migrator() {}

    /**
     * Brings the schema up to date without the secrets key, for tests of storage alone: a migration that would have
     * to encrypt stored values fails, saying so.
     */
    public static int migrate(Database db) {
        return migrate(db, null);
    }

    /** Brings the schema up to date; {@code encryptSecret} encrypts values at rest. Returns how many versions were applied. */
    public static int migrate(Database db, UnaryOperator<String> encryptSecret) {
        Flyway flyway = flyway(db, encryptSecret);
        refuseNewerSchema(flyway);
        try {
            // Several nodes starting at once migrate once: Flyway holds a lock while it migrates (PostgreSQL: an
            // advisory lock; MySQL/MariaDB: GET_LOCK; SQLite: the file's write lock), and the others then find
            // nothing left to apply (MigrationConcurrencyTest).
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Database schema migrated to version {} ({} migration(s) applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            // Flyway says "Migration failed !" for a Java migration; the reason is its cause's message.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root == e || root.getMessage() == null || String.valueOf(e.getMessage()).contains(root.getMessage())
                    ? e.getMessage() : e.getMessage() + " " + root.getMessage();
            throw new DatabaseException("Database migration failed: " + why, e);
        }
    }

    /**
     * A database migrated by a newer build has versions this one does not know; running on it could corrupt what
     * the newer version wrote, so start-up stops, naming both versions. (Flyway alone would ignore them.)
     */
    static void refuseNewerSchema(Flyway flyway) {
        List<String> future = new ArrayList<>();
        String known = null;
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getVersion() == null) {
                continue;
            }
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                future.add(m.getVersion().getVersion());
            } else if (m.getState().isResolved()) {
                known = m.getVersion().getVersion();
            }
        }
        if (!future.isEmpty()) {
            throw new DatabaseException("The database schema is at version " + future.getLast()
                    + ", newer than this build of Semaphore for Java knows (up to " + known + "): a newer version has"
                    + " upgraded it. Run that version (or newer), or restore the backup taken before the upgrade;"
                    + " this version does not start on it", null);
        }
    }

    /** Versions this build ships that the database has not applied, or whose migration failed. */
    public record Unapplied(List<String> pending, List<String> failed) {
        public boolean none() {
            return pending.isEmpty() && failed.isEmpty();
        }
    }

    /** Compares the database's schema history with the migrations of this build (reads only; applies nothing). */
    public static Unapplied unapplied(Database db) {
        List<String> pending = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (MigrationInfo m : flyway(db, null).info().all()) {
            if (m.getVersion() == null) {
                continue;
            }
            if (m.getState().isFailed()) {
                failed.add(m.getVersion().getVersion());
            } else if (!m.getState().isApplied() && m.getState().isResolved()) {
                pending.add(m.getVersion().getVersion());
            }
        }
        return new Unapplied(List.copyOf(pending), List.copyOf(failed));
    }

    static Flyway flyway(Database db, UnaryOperator<String> encryptSecret) {
        return Flyway.configure()
                .dataSource(db.dataSource())
                .locations("classpath:db/migration/" + db.dialect().migrationFolder())
                .javaMigrations(new EncryptEnvironmentPasswords(encryptSecret))
                .loggers("slf4j")
                .load();
    }
}
