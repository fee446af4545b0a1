package io.semaphore.event;

import io.semaphore.db.Database;
import io.semaphore.db.RecordMapper;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/** Table {@code event}: written by services when something is created, changed or deleted; read by the feeds. */
public final class EventStore {
    private static final RowMapper<Event> MAPPER = RecordMapper.of(Event.class);
    private static final String SELECT = "SELECT e.id, e.user_id, e.project_id, e.object_id, e.object_type, e.description,"
            + " e.created, '' AS object_name, p.name AS project_name, u.username"
            + " FROM event e LEFT JOIN project p ON p.id = e.project_id LEFT JOIN \"user\" u ON u.id = e.user_id ";

    private final Database db;
    private final Clock clock;

    public EventStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records an event; joins the caller's transaction when there is one. */
    public void record(Integer projectId, Integer userId, String objectType, Integer objectId, String description) {
        db.run(h -> h.createUpdate("INSERT INTO event (project_id, user_id, object_type, object_id, description, created)"
                        + " VALUES (:p, :u, :t, :o, :d, :c)")
                .bind("p", projectId).bind("u", userId).bind("t", objectType).bind("o", objectId)
                .bind("d", description).bind("c", clock.instant().truncatedTo(ChronoUnit.MILLIS)).execute());
    }

    /** Events of one project, newest first. */
    public List<Event> forProject(int projectId, int limit) {
        return db.read(h -> h.createQuery(SELECT + "WHERE e.project_id = :p ORDER BY e.id DESC LIMIT :limit")
                .bind("p", projectId).bind("limit", limit).map(MAPPER).list());
    }

    /**
     * Newest first: admins see every event; anyone else the events of projects they are a member of now, and of
     * the events outside any project (a project's deletion) only their own. Semaphore shows those to everyone,
     * which tells people who were never members a project's name and who deleted it.
     */
    public List<Event> forUser(int userId, boolean admin, int limit) {
        String where = admin ? "" : "WHERE e.project_id IN (SELECT project_id FROM project__user WHERE user_id = :u)"
                + " OR (e.project_id IS NULL AND e.user_id = :u) ";
        return db.read(h -> h.createQuery(SELECT + where + "ORDER BY e.id DESC LIMIT :limit")
                .bind("u", userId).bind("limit", limit).map(MAPPER).list());
    }
}
