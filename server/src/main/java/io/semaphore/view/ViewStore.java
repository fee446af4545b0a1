package io.semaphore.view;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import io.semaphore.db.RecordMapper;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Table {@code project__view}. Every query is scoped to a project. */
final class ViewStore {
    private static final RowMapper<View> MAPPER = RecordMapper.of(View.class);
    private final Database db;
    private final ProjectTable<View> table;

    ViewStore(Database db) {
        this.db = db;
        this.table = new ProjectTable<>(db, "project__view", "SELECT id, project_id, title, position FROM project__view ",
                "", MAPPER);
    }

    View insert(int projectId, String title, int position) {
        int id = db.tx(h -> h.createUpdate("INSERT INTO project__view (project_id, title, position) VALUES (:p, :t, :pos)")
                .bind("p", projectId).bind("t", title).bind("pos", position)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        return new View(id, projectId, title, position);
    }

    List<View> list(int projectId) {
        return db.read(h -> h.createQuery("SELECT id, project_id, title, position FROM project__view WHERE project_id = :p"
                + " ORDER BY position, id").bind("p", projectId).map(MAPPER).list());
    }

    Optional<View> find(int projectId, int id) {
        return table.find(projectId, id);
    }

    void update(View v) {
        db.run(h -> h.createUpdate("UPDATE project__view SET title = :t, position = :pos WHERE project_id = :p AND id = :id")
                .bind("t", v.title()).bind("pos", v.position()).bind("p", v.projectId()).bind("id", v.id()).execute());
    }

    void setPosition(int projectId, int id, int position) {
        db.run(h -> h.createUpdate("UPDATE project__view SET position = :pos WHERE project_id = :p AND id = :id")
                .bind("pos", position).bind("p", projectId).bind("id", id).execute());
    }

    /** Templates in the view fall back to no view (ON DELETE SET NULL). */
    void delete(int projectId, int id) {
        table.delete(projectId, id);
    }
}
