package io.semaphore.project;

import io.semaphore.db.Database;
import io.semaphore.db.RecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Tables {@code project} and {@code project__user}. */
public final class ProjectStore {
    private static final RowMapper<Project> MAPPER = RecordMapper.of(Project.class);
    private static final String COLUMNS = "p.id, p.created, p.name, p.alert, p.alert_chat, p.max_parallel_tasks, p.type";
    private static final RowMapper<ProjectMember> MEMBER = (rs, ctx) -> new ProjectMember(rs.getInt("id"),
            rs.getString("username"), rs.getString("name"), rs.getString("email"), Role.parse(rs.getString("role")));

    private final Database db;

    public ProjectStore(Database db) {
        this.db = db;
    }

    public Project insert(Project p) {
        int id = db.tx(h -> h.createUpdate("INSERT INTO project (created, name, alert, alert_chat, max_parallel_tasks, type)"
                        + " VALUES (:created, :name, :alert, :chat, :max, :type)")
                .bind("created", p.created()).bind("name", p.name()).bind("alert", p.alert())
                .bind("chat", p.alertChat()).bind("max", p.maxParallelTasks()).bind("type", p.type())
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        return new Project(id, p.created(), p.name(), p.alert(), p.alertChat(), p.maxParallelTasks(), p.type());
    }

    public Optional<Project> find(int id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM project p WHERE p.id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public List<Project> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM project p ORDER BY p.name, p.id").map(MAPPER).list());
    }

    public List<Project> listForUser(int userId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM project p JOIN project__user pu ON pu.project_id = p.id"
                        + " WHERE pu.user_id = :u ORDER BY p.name, p.id")
                .bind("u", userId).map(MAPPER).list());
    }

    public void update(Project p) {
        db.run(h -> h.createUpdate("UPDATE project SET name = :name, alert = :alert, alert_chat = :chat,"
                        + " max_parallel_tasks = :max WHERE id = :id")
                .bind("name", p.name()).bind("alert", p.alert()).bind("chat", p.alertChat())
                .bind("max", p.maxParallelTasks()).bind("id", p.id()).execute());
    }

    /** Deletes the project; its rows in other tables go with it through ON DELETE CASCADE. */
    public void delete(int id) {
        db.run(h -> h.createUpdate("DELETE FROM project WHERE id = :id").bind("id", id).execute());
    }

    public Optional<Role> role(int projectId, int userId) {
        return db.read(h -> h.createQuery("SELECT role FROM project__user WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId).bind("u", userId).mapTo(String.class).findOne().map(Role::parse));
    }

    public List<ProjectMember> members(int projectId, String orderBy, boolean desc) {
        String column = switch (orderBy) {
            case "username" -> "u.username";
            case "email" -> "u.email";
            case "role" -> "pu.role";
            default -> "u.name";
        };
        return db.read(h -> h.createQuery("SELECT u.id, u.username, u.name, u.email, pu.role FROM project__user pu"
                        + " JOIN \"user\" u ON u.id = pu.user_id WHERE pu.project_id = :p ORDER BY " + column
                        + (desc ? " DESC" : " ASC") + ", u.id")
                .bind("p", projectId).map(MEMBER).list());
    }

    public void addMember(int projectId, int userId, Role role, Instant now) {
        db.run(h -> h.createUpdate("INSERT INTO project__user (project_id, user_id, role, created) VALUES (:p, :u, :r, :c)")
                .bind("p", projectId).bind("u", userId).bind("r", role.json()).bind("c", now).execute());
    }

    public void setRole(int projectId, int userId, Role role) {
        db.run(h -> h.createUpdate("UPDATE project__user SET role = :r WHERE project_id = :p AND user_id = :u")
                .bind("r", role.json()).bind("p", projectId).bind("u", userId).execute());
    }

    public void removeMember(int projectId, int userId) {
        db.run(h -> h.createUpdate("DELETE FROM project__user WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId).bind("u", userId).execute());
    }

    /**
     * The project's owners, their rows locked until the caller's transaction ends (SQLite: its write transactions
     * already exclude each other), so a check of how many remain holds until the change is written.
     */
    public List<Integer> lockOwners(int projectId) {
        return db.tx(h -> h.createQuery("SELECT user_id FROM project__user WHERE project_id = :p AND role = 'owner'"
                        + " ORDER BY user_id" + db.dialect().forUpdate())
                .bind("p", projectId).mapTo(Integer.class).list());
    }

    /** The "None" key and "Empty" environment Semaphore creates with every project, so templates have defaults. */
    public void insertDefaults(int projectId, Instant now) {
        db.run(h -> {
            h.createUpdate("INSERT INTO access_key (name, type, project_id, owner, created) VALUES ('None', 'none', :p, '', :c)")
                    .bind("p", projectId).bind("c", now).execute();
            h.createUpdate("INSERT INTO project__environment (project_id, name, json, created) VALUES (:p, 'Empty', '{}', :c)")
                    .bind("p", projectId).bind("c", now).execute();
        });
    }
}
