package io.semaphore.inventory;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import io.semaphore.db.RecordMapper;
import io.semaphore.errors.Fields;
import java.time.Instant;
import java.util.List;

/** Table {@code project__inventory}. Every query is scoped to a project. */
final class InventoryStore extends ProjectTable<Inventory> {
    InventoryStore(Database db) {
        super(db, "project__inventory", "SELECT id, name, project_id, COALESCE(inventory, '') AS inventory, ssh_key_id,"
                + " become_key_id, type, repository_id FROM project__inventory ", "", RecordMapper.of(Inventory.class));
    }

    Inventory insert(Inventory i, Instant created) {
        int id = insert("INSERT INTO project__inventory (project_id, name, type, inventory, ssh_key_id, become_key_id,"
                        + " repository_id, created) VALUES (:p, :name, :type, :inv, :key, :become, :repo, :created)",
                u -> u.bind("p", i.projectId()).bind("name", i.name()).bind("type", i.type()).bind("inv", i.inventory())
                        .bind("key", i.sshKeyId()).bind("become", i.becomeKeyId()).bind("repo", i.repositoryId())
                        .bind("created", created));
        return new Inventory(id, i.name(), i.projectId(), i.inventory(), i.sshKeyId(), i.becomeKeyId(), i.type(),
                i.repositoryId());
    }

    /** {@code by}'s column is chosen by the service from a fixed list, never user text. */
    List<Inventory> list(int projectId, Fields.ListOrder by) {
        return ordered(projectId, "", by.column(), by.descending());
    }

    void update(Inventory i) {
        db.run(h -> h.createUpdate("UPDATE project__inventory SET name = :name, type = :type, inventory = :inv,"
                        + " ssh_key_id = :key, become_key_id = :become, repository_id = :repo WHERE project_id = :p AND id = :id")
                .bind("name", i.name()).bind("type", i.type()).bind("inv", i.inventory()).bind("key", i.sshKeyId())
                .bind("become", i.becomeKeyId()).bind("repo", i.repositoryId()).bind("p", i.projectId())
                .bind("id", i.id()).execute());
    }
}
