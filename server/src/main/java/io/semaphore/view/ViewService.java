package io.semaphore.view;

import io.semaphore.errors.Fields;
import io.semaphore.errors.ValidationException;
import io.semaphore.project.ProjectChanges;
import java.util.List;
import java.util.Map;

/** Template tabs of a project and their order. */
public final class ViewService {
    private final ProjectChanges changes;
    private final ViewStore views;

    public ViewService(ProjectChanges changes) {
        this.changes = changes;
        this.views = changes.store(ViewStore::new);
    }

    public List<View> list(int projectId) {
        return views.list(projectId);
    }

    public View get(int projectId, int id) {
        return changes.found(views.find(projectId, id), "View", projectId, id);
    }

    public View create(int userId, int projectId, ViewRequest r) {
        String title = title(r.title());
        return changes.created(projectId, userId, "view", () -> views.insert(projectId, title, position(r.position())),
                View::id, v -> "View " + v.title());
    }

    public void update(int userId, int projectId, int id, ViewRequest r) {
        View old = get(projectId, id);
        View v = new View(id, projectId, r.title() == null ? old.title() : title(r.title()),
                r.position() == null ? old.position() : position(r.position()));
        changes.updated(projectId, userId, "view", id, "View " + v.title(), () -> views.update(v));
    }

    /** {@code POST /views/positions}: {@code {"<viewId>": position, ...}}; every id must be a view of the project. */
    public void setPositions(int userId, int projectId, Map<String, Integer> positions) {
        changes.inOneTransaction(() -> {
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
        return Fields.zeroOrMore("position", p, null);
    }
}
