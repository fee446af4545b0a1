package io.semaphore.project;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.semaphore.db.Database;
import io.semaphore.errors.ConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Who uses a resource: the {@code /refs} endpoints and the "still in use" check before a delete. Every answer has
 * the lists of Semaphore's later versions, each a list of {@code {id, name}} (empty when nothing of that kind can
 * point to the resource): {@code templates}, {@code inventories}, {@code repositories}, {@code schedules} and
 * {@code integrations}. A schedule is named by its name, or "Schedule N" when it has none. All reference SQL lives
 * here.
 */
public final class References {
    public record Ref(int id, String name) {}

    public record Refs(List<Ref> templates, List<Ref> inventories, List<Ref> repositories, List<Ref> schedules,
                       List<Ref> integrations) {
        @JsonIgnore
        public boolean isEmpty() {
            return templates.isEmpty() && inventories.isEmpty() && repositories.isEmpty() && schedules.isEmpty()
                    && integrations.isEmpty();
        }

        /**
         * The same without its schedules: a template's own schedules go with it when it is deleted (its database
         * rows cascade, as in Semaphore), so they are listed for the person deciding but do not block the delete.
         */
        public Refs withoutSchedules() {
            return new Refs(templates, inventories, repositories, List.of(), integrations);
        }

        /** "templates Deploy, Build; inventories Prod" */
        public String describe() {
            List<String> parts = new ArrayList<>();
            add(parts, "templates", templates);
            add(parts, "inventories", inventories);
            add(parts, "repositories", repositories);
            add(parts, "schedules", schedules);
            add(parts, "integrations", integrations);
            return String.join("; ", parts);
        }

        private static void add(List<String> parts, String label, List<Ref> refs) {
            if (!refs.isEmpty()) {
                parts.add(label + " " + refs.stream().map(Ref::name).collect(Collectors.joining(", ")));
            }
        }
    }

    private final Database db;

    public References(Database db) {
        this.db = db;
    }

    public Refs ofKey(int projectId, int keyId) {
        return db.read(h -> new Refs(
                refs(h, "SELECT id, name FROM project__template WHERE project_id = :p"
                        + " AND id IN (SELECT template_id FROM project__template_vault WHERE vault_key_id = :id)", projectId, keyId),
                refs(h, "SELECT id, name FROM project__inventory WHERE project_id = :p AND (ssh_key_id = :id OR become_key_id = :id)",
                        projectId, keyId),
                refs(h, "SELECT id, name FROM project__repository WHERE project_id = :p AND ssh_key_id = :id", projectId, keyId),
                List.of(),
                refs(h, "SELECT id, name FROM project__integration WHERE project_id = :p AND auth_secret_id = :id", projectId, keyId)));
    }

    public Refs ofRepository(int projectId, int repositoryId) {
        return db.read(h -> new Refs(
                refs(h, "SELECT id, name FROM project__template WHERE project_id = :p AND repository_id = :id", projectId, repositoryId),
                refs(h, "SELECT id, name FROM project__inventory WHERE project_id = :p AND repository_id = :id", projectId, repositoryId),
                List.of(),
                schedules(h, "repository_id", projectId, repositoryId),
                List.of()));
    }

    public Refs ofInventory(int projectId, int inventoryId) {
        return db.read(h -> new Refs(
                refs(h, "SELECT id, name FROM project__template WHERE project_id = :p AND inventory_id = :id", projectId, inventoryId),
                List.of(), List.of(), List.of(), List.of()));
    }

    public Refs ofEnvironment(int projectId, int environmentId) {
        return db.read(h -> new Refs(
                refs(h, "SELECT id, name FROM project__template WHERE project_id = :p AND environment_id = :id", projectId, environmentId),
                List.of(), List.of(), List.of(), List.of()));
    }

    public Refs ofTemplate(int projectId, int templateId) {
        return db.read(h -> new Refs(
                refs(h, "SELECT id, name FROM project__template WHERE project_id = :p AND build_template_id = :id", projectId, templateId),
                List.of(), List.of(),
                schedules(h, "template_id", projectId, templateId),
                refs(h, "SELECT id, name FROM project__integration WHERE project_id = :p AND template_id = :id", projectId, templateId)));
    }

    /** Project-scoped objects that other objects point to by id. */
    public enum Kind {
        KEY("access_key", "key", " AND environment_id IS NULL"),
        REPOSITORY("project__repository", "repository", ""),
        INVENTORY("project__inventory", "inventory", ""),
        ENVIRONMENT("project__environment", "environment", ""),
        VIEW("project__view", "view", ""),
        TEMPLATE("project__template", "template", "");

        private final String table;
        private final String label;
        private final String extra;

        Kind(String table, String label, String extra) {
            this.table = table;
            this.label = label;
            this.extra = extra;
        }
    }

    /** True when {@code id} names an object of this kind in this project (ids of other projects do not count). */
    public boolean exists(Kind kind, int projectId, int id) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM " + kind.table + " WHERE project_id = :p AND id = :id" + kind.extra)
                .bind("p", projectId).bind("id", id).mapTo(Integer.class).one() > 0);
    }

    /** 400 naming the field when {@code id} is not an object of this kind in the project. */
    public void requireInProject(Kind kind, String field, int projectId, Integer id) {
        if (id != null && !exists(kind, projectId, id)) {
            throw new io.semaphore.errors.ValidationException("Field '" + field + "': " + kind.label + " " + id
                    + " does not exist in this project");
        }
    }

    /** Throws 409 naming the users of the object when there are any. */
    public static void requireUnused(String what, Refs refs) {
        if (!refs.isEmpty()) {
            throw new ConflictException(what + " is in use by " + refs.describe() + "; change or delete those first");
        }
    }

    /** The schedules whose {@code column} is {@code id}, named by their name or "Schedule N" when they have none. */
    private static List<Ref> schedules(Handle h, String column, int projectId, int id) {
        return h.createQuery("SELECT id, name FROM project__schedule WHERE project_id = :p AND " + column + " = :id"
                        + " ORDER BY id").bind("p", projectId).bind("id", id)
                .map((rs, ctx) -> {
                    String name = rs.getString("name");
                    return new Ref(rs.getInt("id"), name == null || name.isBlank() ? "Schedule " + rs.getInt("id") : name);
                }).list();
    }

    private static List<Ref> refs(Handle h, String sql, int projectId, int id) {
        return h.createQuery(sql + " ORDER BY name").bind("p", projectId).bind("id", id)
                .map((rs, ctx) -> new Ref(rs.getInt("id"), rs.getString("name"))).list();
    }

}
