package io.semaphore.db;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway scripts of the database's vendor folder ({@code db/migration/<vendor>}). */
public final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    private Migrator() {}

    /** Brings the schema up to date; returns how many versions were applied. */
    public static int migrate(Database db) {
        try {
            MigrateResult result = flyway(db).migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Database schema migrated to version {} ({} migration(s) applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new DatabaseException("Database migration failed: " + e.getMessage(), e);
        }
    }

    /** Versions this build ships that the database has not applied, or whose migration failed. */
    public record Unapplied(List<String> pending, List<String> failed) {
        public boolean none() {
            return pending.isEmpty() && failed.isEmpty();
        }
    }

    /** Compares the database's schema history with the scripts of this build (reads only; applies nothing). */
    public static Unapplied unapplied(Database db) {
        List<String> pending = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (MigrationInfo m : flyway(db).info().all()) {
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

    private static Flyway flyway(Database db) {
        return Flyway.configure()
                .dataSource(db.dataSource())
                .locations("classpath:db/migration/" + db.dialect().migrationFolder())
                .loggers("slf4j")
                .load();
    }
}
