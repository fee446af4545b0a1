package io.semaphore.db;

import org.flywaydb.core.Flyway;
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
            Flyway flyway = Flyway.configure()
                    .dataSource(db.dataSource())
                    .locations("classpath:db/migration/" + db.dialect().migrationFolder())
                    .loggers("slf4j")
                    .load();
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Database schema migrated to version {} ({} migration(s) applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new DatabaseException("Database migration failed: " + e.getMessage(), e);
        }
    }
}
