package io.semaphore.auth;

import io.semaphore.db.Database;
import io.semaphore.db.RecordMapper;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Table {@code session}. */
public final class SessionStore {
    private static final RowMapper<Session> MAPPER = RecordMapper.of(Session.class);
    private final Database db;

    public SessionStore(Database db) {
        this.db = db;
    }

    public Session create(int userId, Instant now, String ip, String userAgent) {
        int id = db.tx(h -> h.createUpdate("INSERT INTO session (user_id, created, last_active, ip, user_agent, expired,"
                        + " verification_method, verified) VALUES (:u, :now, :now, :ip, :ua, FALSE, 0, TRUE)")
                .bind("u", userId).bind("now", now).bind("ip", ip).bind("ua", userAgent)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        return new Session(id, userId, now, now, ip, userAgent, false);
    }

    public Optional<Session> find(int id) {
        return db.read(h -> h.createQuery("SELECT id, user_id, created, last_active, ip, user_agent, expired"
                + " FROM session WHERE id = :id").bind("id", id).map(MAPPER).findOne());
    }

    public void touch(int id, Instant now) {
        db.run(h -> h.createUpdate("UPDATE session SET last_active = :now WHERE id = :id")
                .bind("now", now).bind("id", id).execute());
    }

    public void expire(int id) {
        db.run(h -> h.createUpdate("UPDATE session SET expired = TRUE WHERE id = :id").bind("id", id).execute());
    }
}
