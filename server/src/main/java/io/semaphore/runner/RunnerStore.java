package io.semaphore.runner;

import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table {@code runner}. Its {@code token} column holds the SHA-256 (hex) of the token. */
public final class RunnerStore {
    private static final String SELECT = "SELECT id, project_id, name, webhook, max_parallel_tasks, active, tag, touched,"
            + " created FROM runner ";

    private final Database db;

    public RunnerStore(Database db) {
        this.db = db;
    }

    int insert(Integer projectId, String tokenHash, String name, String webhook, int maxParallel, boolean active,
               String tag, Instant created) {
        return db.tx(h -> h.createUpdate("INSERT INTO runner (project_id, token, name, webhook, max_parallel_tasks, active,"
                        + " tag, created) VALUES (:p, :token, :name, :webhook, :max, :active, :tag, :created)")
                .bind("p", projectId).bind("token", tokenHash).bind("name", name).bind("webhook", webhook)
                .bind("max", maxParallel).bind("active", active).bind("tag", tag).bind("created", created)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** Every runner (global and of projects), by id. */
    public List<Runner> all() {
        return db.read(h -> h.createQuery(SELECT + "ORDER BY id").map((rs, ctx) -> map(rs)).list());
    }

    /** Global runners ({@code projectId} null) or those of one project, by id. */
    public List<Runner> list(Integer projectId) {
        if (projectId == null) {
            return db.read(h -> h.createQuery(SELECT + "WHERE project_id IS NULL ORDER BY id").map((rs, ctx) -> map(rs))
                    .list());
        }
        return db.read(h -> h.createQuery(SELECT + "WHERE project_id = :p ORDER BY id").bind("p", projectId)
                .map((rs, ctx) -> map(rs)).list());
    }

    public Optional<Runner> find(int id) {
        return db.read(h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    public Optional<Runner> findByTokenHash(String hash) {
        return db.read(h -> h.createQuery(SELECT + "WHERE token = :t").bind("t", hash).map((rs, ctx) -> map(rs))
                .findOne());
    }

    void update(int id, String name, String webhook, int maxParallel, boolean active, String tag) {
        db.run(h -> h.createUpdate("UPDATE runner SET name = :name, webhook = :webhook, max_parallel_tasks = :max,"
                        + " active = :active, tag = :tag WHERE id = :id")
                .bind("name", name).bind("webhook", webhook).bind("max", maxParallel).bind("active", active)
                .bind("tag", tag).bind("id", id).execute());
    }

    void setActive(int id, boolean active) {
        db.run(h -> h.createUpdate("UPDATE runner SET active = :a WHERE id = :id").bind("a", active).bind("id", id)
                .execute());
    }

    void delete(int id) {
        db.run(h -> h.createUpdate("DELETE FROM runner WHERE id = :id").bind("id", id).execute());
    }

    /** The runner was heard from at {@code at}. */
    void touch(int id, Instant at) {
        db.run(h -> h.createUpdate("UPDATE runner SET touched = :at WHERE id = :id").bind("at", at).bind("id", id)
                .execute());
    }

    /** Active runners heard from since {@code since}. */
    int countOnline(Instant since) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM runner WHERE active = :t AND touched >= :since")
                .bind("t", true).bind("since", since).mapTo(Integer.class).one());
    }

    /** Unfinished tasks a runner took (starting, running, waiting for confirmation, confirmed, stopping). */
    public int countActiveTasks(int runnerId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM task WHERE runner_id = :r AND "
                        + io.semaphore.task.state.TaskStore.runNotOver(""))
                .bind("r", runnerId).mapTo(Integer.class).one());
    }

    /** Whether the project has an active runner of its own. */
    boolean projectHasActiveRunner(int projectId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM runner WHERE project_id = :p AND active = :t")
                .bind("p", projectId).bind("t", true).mapTo(Integer.class).one()) > 0;
    }

    /** A template's {@code runner_tag} (empty when none). */
    String templateTag(int templateId) {
        return db.read(h -> h.createQuery("SELECT runner_tag FROM project__template WHERE id = :id").bind("id", templateId)
                .mapTo(String.class).findOne().map(String::trim).orElse(""));
    }

    private static Runner map(ResultSet rs) throws SQLException {
        return new Runner(rs.getInt(1), Columns.intOrNull(rs, 2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getBoolean(6), rs.getString(7), Columns.instant(rs, 8), Columns.instant(rs, 9));
    }
}
