package io.semaphore.auth;

import io.semaphore.db.Database;
import java.time.Instant;
import java.util.Optional;

/** Table {@code user__totp}: at most one TOTP secret (its otpauth URL, as stored) and recovery hash per user. */
public final class TotpStore {
    private final Database db;

    public TotpStore(Database db) {
        this.db = db;
    }

    void insert(int userId, String storedUrl, String recoveryHash, Instant created) {
        db.run(h -> h.createUpdate("INSERT INTO user__totp (user_id, url, recovery_hash, created) VALUES (:u, :url, :r, :c)")
                .bind("u", userId).bind("url", storedUrl).bind("r", recoveryHash).bind("c", created).execute());
    }

    /** False when the user had none. */
    boolean delete(int userId) {
        return db.tx(h -> h.createUpdate("DELETE FROM user__totp WHERE user_id = :u").bind("u", userId).execute()) > 0;
    }

    Optional<String> url(int userId) {
        return db.read(h -> h.createQuery("SELECT url FROM user__totp WHERE user_id = :u").bind("u", userId)
                .mapTo(String.class).findOne());
    }
}
