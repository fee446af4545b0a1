package io.semaphore.auth;

import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.time.Instant;
import java.util.Optional;

/**
 * Table {@code user__totp}: at most one TOTP secret (its otpauth URL, as stored: encrypted) and recovery hash per
 * user, and the time step of the last code accepted.
 */
public final class TotpStore {
    /** A user's row; {@code storedUrl} is as stored (encrypted), {@code recoveryHash} null when there is none. */
    record Row(int id, int userId, String storedUrl, String recoveryHash, Instant created, Long lastStep) {}

    private final Database db;

    public TotpStore(Database db) {
        this.db = db;
    }

    int insert(int userId, String storedUrl, String recoveryHash, Instant created) {
        return db.tx(h -> h.createUpdate("INSERT INTO user__totp (user_id, url, recovery_hash, created) VALUES (:u, :url, :r, :c)")
                .bind("u", userId).bind("url", storedUrl).bind("r", recoveryHash).bind("c", created)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** False when the user had none. */
    boolean delete(int userId) {
        return db.tx(h -> h.createUpdate("DELETE FROM user__totp WHERE user_id = :u").bind("u", userId).execute()) > 0;
    }

    /** False when the user has no TOTP row of that id. */
    boolean delete(int userId, int totpId) {
        return db.tx(h -> h.createUpdate("DELETE FROM user__totp WHERE user_id = :u AND id = :id")
                .bind("u", userId).bind("id", totpId).execute()) > 0;
    }

    Optional<String> url(int userId) {
        return find(userId).map(Row::storedUrl);
    }

    Optional<Row> find(int userId) {
        return db.read(h -> h.createQuery("SELECT id, user_id, url, recovery_hash, created, last_step FROM user__totp WHERE user_id = :u")
                .bind("u", userId)
                .map((rs, ctx) -> new Row(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        Columns.instant(rs, 5), rs.getObject(6) == null ? null : rs.getLong(6)))
                .findOne());
    }

    /**
     * Records {@code step} as used when it is later than the last one used: true then, false when that step or a
     * later one was already accepted (a replayed code). One conditional update, so two requests racing with the same
     * code cannot both win.
     */
    boolean useStep(int totpId, long step) {
        return db.tx(h -> h.createUpdate("UPDATE user__totp SET last_step = :s WHERE id = :id AND (last_step IS NULL OR last_step < :s)")
                .bind("s", step).bind("id", totpId).execute()) == 1;
    }
}
