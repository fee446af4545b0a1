package io.semaphore.inventory;

import io.semaphore.errors.Fields;
import io.semaphore.errors.ValidationException;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectResourceArea;
import io.semaphore.project.References;
import io.semaphore.repository.RepositoryService;
import java.util.List;
import java.util.SequencedMap;

/**
 * The inventories of a project: type and text checked by {@link InventoryTypes}, keys and repository checked to be
 * this project's, in-use check before a delete ({@link References}), and an event for every change. Route
 * permissions are checked before these methods run.
 */
public final class InventoryService extends ProjectResourceArea<Inventory, InventoryRequest, InventoryStore> {
    private static final SequencedMap<String, String> SORT = Fields.ListOrder.columns("name", "name", "type", "type");

    private final RepositoryService repositories;

    public InventoryService(ProjectChanges changes, RepositoryService repositories) {
        super(changes, Naming.of("inventory", "Inventory", Inventory::id, Inventory::name, References::ofInventory),
                InventoryStore::new);
        this.repositories = repositories;
    }

    /** {@code sort}: name (default) or type; {@code order}: asc (default) or desc. */
    @Override
    public List<Inventory> list(int projectId, String sort, String order) {
        return store.list(projectId, Fields.ListOrder.of(sort, order, SORT));
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
        return created(userId, projectId, () -> store.insert(valid, changes.now()));
    }

    /** Replaces the inventory, as Semaphore's PUT does: an absent key or repository is cleared. */
    @Override
    public void update(int userId, int projectId, int id, InventoryRequest r) {
        get(projectId, id);
        Fields.sameId("Inventory", r.id(), id);
        Inventory valid = validate(id, projectId, r, false);
        updated(userId, projectId, id, valid.name(), () -> store.update(valid));
    }

    private Inventory validate(int id, int projectId, InventoryRequest r, boolean fromBackup) {
        Fields.sameProject(projectId, r.projectId());
        String name = Fields.required("name", r.name(), 255);
        String type = InventoryTypes.type(r.type());
        String text = fromBackup && type.equals(InventoryTypes.FILE) && (r.inventory() == null || r.inventory().isBlank())
                ? "" : InventoryTypes.inventory(type, r.inventory());
        if (r.sshKeyId() != null) {
            changes.references().requireInProject(References.Kind.KEY, "ssh_key_id", projectId, r.sshKeyId());
        }
        if (r.becomeKeyId() != null) {
            changes.references().requireInProject(References.Kind.KEY, "become_key_id", projectId, r.becomeKeyId());
        }
        // Only a file inventory reads from a repository; another type keeps none, so it never blocks a delete.
        Integer repositoryId = type.equals(InventoryTypes.FILE) ? r.repositoryId() : null;
        if (repositoryId != null && repositories.find(projectId, repositoryId).isEmpty()) {
            throw new ValidationException("repository_id " + repositoryId + " is not a repository of this project");
        }
        return new Inventory(id, name, projectId, text, r.sshKeyId(), r.becomeKeyId(), type, repositoryId);
    }
}
