package io.semaphore.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Flyway V6.1: encrypts the variable group passwords that earlier versions stored in clear. Java, not SQL, because
 * it needs {@code access_key_encryption}; a version, not a start-up step, because only the version tells a clear
 * value from an encrypted one reliably (decrypting under a changed key also fails). Runs once, in the migration's
 * transaction.
 */
final class EncryptEnvironmentPasswords implements JavaMigration {
    /** Encrypts one value; null when the caller has no key (tests of storage alone). */
    private final UnaryOperator<String> encrypt;

    EncryptEnvironmentPasswords(UnaryOperator<String> encrypt) {
        this.encrypt = encrypt;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6.1");
    }

    @Override
    public String getDescription() {
        return "encrypt environment passwords";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Map<Integer, String> clear = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, password FROM project__environment WHERE password IS NOT NULL AND password <> ''");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                clear.put(rs.getInt(1), rs.getString(2));
            }
        }
        if (clear.isEmpty()) {
            return;
        }
        if (encrypt == null) {
            throw new IllegalStateException(clear.size() + " variable group password(s) are stored in clear and need"
                    + " access_key_encryption to be encrypted; migrate with the server's configuration");
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE project__environment SET password = ? WHERE id = ?")) {
            for (Map.Entry<Integer, String> e : clear.entrySet()) {
                update.setString(1, encrypt.apply(e.getValue()));
                update.setInt(2, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
