package io.semaphore.key;

import io.semaphore.db.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Rotation of {@code access_key_encryption} ({@code semaphore vault rekey --old-key ...}, Semaphore's verb): every
 * value encrypted at rest is decrypted with the old key and encrypted again with the current one, in one
 * transaction, so a failure changes nothing. A value the current key already opens is left as it is, so running it
 * twice (or after a rotation that stopped half-way under another tool) does no harm. A value neither key opens stops
 * the rotation with the row named: the old key given is not the one the data was written with.
 */
public final class SecretsRekey {
    /** The columns holding ciphertext of {@link Secrets}: table, id column, value column. */
    private record Column(String table, String id, String value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("access_key", "id", "secret"),
            new Column("project__environment", "id", "password"),
            new Column("user__totp", "user_id", "url"));

    private SecretsRekey() {}

    /** Re-encrypts everything under {@code current}; returns how many values each table had rewritten. */
    public static Map<String, Integer> run(Database db, Secrets old, Secrets current) {
        return db.tx(h -> {
            Map<String, Integer> rewritten = new LinkedHashMap<>();
            for (Column c : COLUMNS) {
                rewritten.put(c.table(), rekey(h, c, old, current));
            }
            return rewritten;
        });
    }

    private static int rekey(Handle h, Column c, Secrets old, Secrets current) {
        List<Map<String, Object>> rows = h.createQuery("SELECT " + c.id() + " AS id, " + c.value() + " AS v FROM "
                + c.table() + " WHERE " + c.value() + " IS NOT NULL AND " + c.value() + " <> ''").mapToMap().list();
        int n = 0;
        for (Map<String, Object> row : rows) {
            String stored = String.valueOf(row.get("v"));
            if (opens(current, stored)) {
                continue;
            }
            String plain;
            try {
                plain = old.decrypt(stored);
            } catch (Secrets.SecretUnreadableException e) {
                throw new Secrets.SecretUnreadableException("Cannot decrypt " + c.table() + " " + c.id() + " "
                        + row.get("id") + " with the old key given nor with the current access_key_encryption;"
                        + " nothing was changed. Give the key the data was written with as --old-key");
            }
            h.createUpdate("UPDATE " + c.table() + " SET " + c.value() + " = :v WHERE " + c.id() + " = :id")
                    .bind("v", current.encrypt(plain)).bind("id", ((Number) row.get("id")).longValue()).execute();
            n++;
        }
        return n;
    }

    private static boolean opens(Secrets key, String stored) {
        try {
            key.decrypt(stored);
            return true;
        } catch (Secrets.SecretUnreadableException e) {
            return false;
        }
    }
}
