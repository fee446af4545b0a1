package io.semaphore.auth;

import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import io.semaphore.user.User;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Table {@code session}. */
public final class SessionStore {
    private final Database db;

    public SessionStore(Database db) {
        this.db = db;
    }

    public Session create(int userId, Instant now, String ip, String userAgent) {
        return create(userId, now, ip, userAgent, Session.VERIFY_NONE);
    }

    /** A new session; one with a {@code verificationMethod} other than none starts unverified. */
    public Session create(int userId, Instant now, String ip, String userAgent, int verificationMethod) {
        boolean verified = verificationMethod == Session.VERIFY_NONE;
        int id = db.tx(h -> h.createUpdate("INSERT INTO session (user_id, created, last_active, ip, user_agent, expired,"
                        + " verification_method, verified) VALUES (:u, :now, :now, :ip, :ua, FALSE, :m, :v)")
                .bind("u", userId).bind("now", now).bind("ip", ip).bind("ua", userAgent)
                .bind("m", verificationMethod).bind("v", verified)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        return new Session(id, userId, now, now, ip, userAgent, false, verified);
    }

    /** Marks the session's second factor as passed. */
    public void verify(int id) {
        db.run(h -> h.createUpdate("UPDATE session SET verified = TRUE WHERE id = :id").bind("id", id).execute());
    }

    /** A session and its user. */
    public record WithUser(Session session, User user) {}

    /** The session and its user in one read: every signed-in request needs both. */
    public Optional<WithUser> findWithUser(int id) {
        return db.read(h -> h.createQuery("SELECT s.id, s.user_id, s.created, s.last_active, s.ip, s.user_agent, s.expired,"
                        + " s.verified, u.id, u.created, u.username, u.name, u.email, u.admin, u.external, u.alert"
                        + " FROM session s JOIN \"user\" u ON u.id = s.user_id WHERE s.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new WithUser(
                        new Session(rs.getInt(1), rs.getInt(2), Columns.instant(rs, 3), Columns.instant(rs, 4), rs.getString(5),
                                rs.getString(6), rs.getBoolean(7), rs.getBoolean(8)),
                        new User(rs.getInt(9), Columns.instant(rs, 10), rs.getString(11), rs.getString(12), rs.getString(13),
                                rs.getBoolean(14), rs.getBoolean(15), rs.getBoolean(16))))
                .findOne());
    }

    public void touch(int id, Instant now) {
        db.run(h -> h.createUpdate("UPDATE session SET last_active = :now WHERE id = :id")
                .bind("now", now).bind("id", id).execute());
    }

    public void expire(int id) {
        db.run(h -> h.createUpdate("UPDATE session SET expired = TRUE WHERE id = :id").bind("id", id).execute());
    }

    /** The user's sessions not marked expired, newest first (the caller drops the idle ones). */
    public List<Session> listLive(int userId) {
        return db.read(h -> h.createQuery("SELECT id, user_id, created, last_active, ip, user_agent, expired, verified FROM session"
                        + " WHERE user_id = :u AND expired = FALSE ORDER BY created DESC, id DESC")
                .bind("u", userId)
                .map((rs, ctx) -> new Session(rs.getInt(1), rs.getInt(2), Columns.instant(rs, 3), Columns.instant(rs, 4),
                        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8)))
                .list());
    }

    /** Ends session {@code id} if it is the user's and live; whether it did. */
    public boolean expireOf(int userId, int id) {
        return db.tx(h -> h.createUpdate("UPDATE session SET expired = TRUE WHERE id = :id AND user_id = :u AND expired = FALSE")
                .bind("id", id).bind("u", userId).execute()) > 0;
    }

    /** Ends every session of the user except {@code keep} (null: all). */
    public void expireAllOf(int userId, Integer keep) {
        db.run(h -> h.createUpdate("UPDATE session SET expired = TRUE WHERE user_id = :u AND expired = FALSE AND id <> :keep")
                .bind("u", userId).bind("keep", keep == null ? 0 : keep).execute());
    }

    /** When a session began and was last used. */
    public record Activity(Instant created, Instant lastActive) {}

    /** Of these session ids, the ones not expired, with their activity (ids missing from the map are gone). */
    public Map<Integer, Activity> activityOfLive(Collection<Integer> ids) {
        Map<Integer, Activity> live = new HashMap<>();
        List<Integer> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IN_LIST_LIMIT) {
            List<Integer> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST_LIMIT));
            db.read(h -> h.createQuery("SELECT id, created, last_active FROM session WHERE expired = FALSE AND id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getInt(1), new Activity(Columns.instant(rs, 2), Columns.instant(rs, 3))))
                    .list()).forEach(e -> live.put(e.getKey(), e.getValue()));
        }
        return live;
    }

    /** Ids per IN list: far below every database's limit on bound parameters. */
    static final int IN_LIST_LIMIT = 500;
}
