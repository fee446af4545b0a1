package io.semaphore.inventory;

import io.semaphore.db.Database;
import io.semaphore.errors.Fields;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectResources;
import io.semaphore.project.References;
import io.semaphore.repository.RepositoryService;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SequencedMap;

/**
 * The inventories of a project: type and text checked by {@link InventoryTypes}, keys and repository checked to be
 * this project's, in-use check before a delete ({@link References}), and an event for every change. Route
 * permissions are checked before these methods run.
 */
public final class InventoryService implements ProjectResources<Inventory, InventoryRequest> {
    private static final SequencedMap<String, String> SORT = Fields.ListOrder.columns("name", "name", "type", "type");

    private final InventoryStore inventories;
    private final References references;
    private final RepositoryService repositories;
    private final Clock clock;
    private final ProjectChanges changes;

    public InventoryService(Database db, EventStore events, References references,
                            RepositoryService repositories, Clock clock) {
        this.inventories = new InventoryStore(db);
        this.references = references;
        this.repositories = repositories;
        this.clock = clock;
        this.changes = new ProjectChanges(db, events);
    }

    /** {@code sort}: name (default) or type; {@code order}: asc (default) or desc. */
    @Override
    public List<Inventory> list(int projectId, String sort, String order) {
        Fields.ListOrder by = Fields.ListOrder.of(sort, order, SORT);
        return inventories.list(projectId, by.column(), by.descending());
    }

    @Override
    public Inventory get(int projectId, int id) {
        return inventories.find(projectId, id)
                .orElseThrow(() -> new NotFoundException("Inventory " + id + " not found in project " + projectId));
    }

    @Override
    public References.Refs refs(int projectId, int id) {
        get(projectId, id);
        return references.ofInventory(projectId, id);
    }

    @Override
    public Inventory create(int userId, int projectId, InventoryRequest r) {
        return insert(userId, projectId, validate(0, projectId, r, false));
    }

    /**
     * As {@link #create}, for a restored backup: a {@code file} inventory may come without its path yet (Semaphore
     * writes such backups, e.g. its own example), and is kept as it is; a task using it fails saying the path is
     * not set until someone fills it in.
     */
    public Inventory restore(int userId, int projectId, InventoryRequest r) {
        return insert(userId, projectId, validate(0, projectId, r, true));
    }

    private Inventory insert(int userId, int projectId, Inventory valid) {
        return changes.created(projectId, userId, "inventory",
                () -> inventories.insert(valid, clock.instant().truncatedTo(ChronoUnit.MILLIS)), Inventory::id,
                created -> "Inventory " + created.name());
    }

    /** Replaces the inventory, as Semaphore's PUT does: an absent key or repository is cleared. */
    @Override
    public void update(int userId, int projectId, int id, InventoryRequest r) {
        get(projectId, id);
        Fields.sameId("Inventory", r.id(), id);
        Inventory valid = validate(id, projectId, r, false);
        changes.updated(projectId, userId, "inventory", id, "Inventory " + valid.name(), () -> inventories.update(valid));
    }

    /** 409 naming the templates that still use the inventory. */
    @Override
    public void delete(int userId, int projectId, int id) {
        Inventory i = get(projectId, id);
        changes.deleted(projectId, userId, "inventory", id, "Inventory " + i.name(),
                () -> references.ofInventory(projectId, id), () -> inventories.delete(projectId, id));
    }

    private Inventory validate(int id, int projectId, InventoryRequest r, boolean fromBackup) {
        io.semaphore.errors.Fields.sameProject(projectId, r.projectId());
        String name = io.semaphore.errors.Fields.required("name", r.name(), 255);
        String type = InventoryTypes.type(r.type());
        String text = fromBackup && type.equals(InventoryTypes.FILE) && (r.inventory() == null || r.inventory().isBlank())
                ? "" : InventoryTypes.inventory(type, r.inventory());
        if (r.sshKeyId() != null) {
            references.requireInProject(References.Kind.KEY, "ssh_key_id", projectId, r.sshKeyId());
        }
        if (r.becomeKeyId() != null) {
            references.requireInProject(References.Kind.KEY, "become_key_id", projectId, r.becomeKeyId());
        }
        // Only a file inventory reads from a repository; another type keeps none, so it never blocks a delete.
        Integer repositoryId = type.equals(InventoryTypes.FILE) ? r.repositoryId() : null;
        if (repositoryId != null && repositories.find(projectId, repositoryId).isEmpty()) {
            throw new ValidationException("repository_id " + repositoryId + " is not a repository of this project");
        }
        return new Inventory(id, name, projectId, text, r.sshKeyId(), r.becomeKeyId(), type, repositoryId);
    }
}
