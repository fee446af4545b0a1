package io.semaphore.db;

import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
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
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(db.dataSource())
                    .locations("classpath:db/migration/" + db.dialect().migrationFolder())
                    .javaMigrations(new EncryptEnvironmentPasswords(encryptSecret))
                    .loggers("slf4j")
                    .load();
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
}
