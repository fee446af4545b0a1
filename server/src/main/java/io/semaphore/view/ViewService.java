package io.semaphore.view;

import io.semaphore.db.Database;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.project.ProjectChanges;
import java.util.List;
import java.util.Map;

/** Template tabs of a project and their order. */
public final class ViewService {
    private final Database db;
    private final ViewStore views;
    private final EventStore events;
    private final ProjectChanges changes;

    public ViewService(Database db, EventStore events) {
        this.db = db;
        this.views = new ViewStore(db);
        this.events = events;
        this.changes = new ProjectChanges(db, events);
    }

    public List<View> list(int projectId) {
        return views.list(projectId);
    }

    public View get(int projectId, int id) {
        return views.find(projectId, id)
                .orElseThrow(() -> new NotFoundException("View " + id + " not found in project " + projectId));
    }

    public View create(int userId, int projectId, ViewRequest r) {
        String title = title(r.title());
        return db.tx(h -> {
            View v = views.insert(projectId, title, position(r.position()));
            events.record(projectId, userId, "view", v.id(), "View " + v.title() + " created");
            return v;
        });
    }

    public void update(int userId, int projectId, int id, ViewRequest r) {
        View old = get(projectId, id);
        View v = new View(id, projectId, r.title() == null ? old.title() : title(r.title()),
                r.position() == null ? old.position() : position(r.position()));
        changes.updated(projectId, userId, "view", id, "View " + v.title(), () -> views.update(v));
    }

    /** {@code POST /views/positions}: {@code {"<viewId>": position, ...}}; every id must be a view of the project. */
    public void setPositions(int userId, int projectId, Map<String, Integer> positions) {
        db.run(h -> {
            for (var e : positions.entrySet()) {
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new ValidationException("View id '" + e.getKey() + "' is not a number");
                }
                if (e.getValue() == null) {
                    throw new ValidationException("Position of view " + id + " is missing");
                }
                get(projectId, id);
                views.setPosition(projectId, id, position(e.getValue()));
            }
        });
    }

    public void delete(int userId, int projectId, int id) {
        View v = get(projectId, id);
        changes.deleted(projectId, userId, "view", id, "View " + v.title(), null, () -> views.delete(projectId, id));
    }

    private static String title(String title) {
        if (title == null || title.isBlank()) {
            throw new ValidationException("Field 'title' is required");
        }
        return title.trim();
    }

    private static int position(Integer p) {
        if (p == null) {
            return 0;
        }
        if (p < 0) {
            throw new ValidationException("Field 'position' must be 0 or more");
        }
        return p;
    }
}
