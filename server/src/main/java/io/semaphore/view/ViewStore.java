package io.semaphore.view;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import io.semaphore.db.RecordMapper;
import java.util.List;

/**
 * Table {@code project__view}. Every query is scoped to a project. A deleted view's templates fall back to no view
 * ({@code ON DELETE SET NULL}).
 */
final class ViewStore extends ProjectTable<View> {
    ViewStore(Database db) {
        super(db, "project__view", "SELECT id, project_id, title, position FROM project__view ", "",
                RecordMapper.of(View.class));
    }

    View insert(int projectId, String title, int position) {
        int id = insert("INSERT INTO project__view (project_id, title, position) VALUES (:p, :t, :pos)",
                u -> u.bind("p", projectId).bind("t", title).bind("pos", position));
        return new View(id, projectId, title, position);
    }

    List<View> list(int projectId) {
        return ordered(projectId, "", "position", false);
    }

    void update(View v) {
        db.run(h -> h.createUpdate("UPDATE project__view SET title = :t, position = :pos WHERE project_id = :p AND id = :id")
                .bind("t", v.title()).bind("pos", v.position()).bind("p", v.projectId()).bind("id", v.id()).execute());
    }

    void setPosition(int projectId, int id, int position) {
        db.run(h -> h.createUpdate("UPDATE project__view SET position = :pos WHERE project_id = :p AND id = :id")
                .bind("pos", position).bind("p", projectId).bind("id", id).execute());
    }
}
