package io.semaphore.inventory;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import io.semaphore.db.RecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Table {@code project__inventory}. Every query is scoped to a project. */
final class InventoryStore {
    private static final RowMapper<Inventory> MAPPER = RecordMapper.of(Inventory.class);
    private static final String SELECT = "SELECT id, name, project_id, COALESCE(inventory, '') AS inventory, ssh_key_id,"
            + " become_key_id, type, repository_id FROM project__inventory ";

    private final Database db;
    private final ProjectTable<Inventory> table;

    InventoryStore(Database db) {
        this.db = db;
        this.table = new ProjectTable<>(db, "project__inventory", SELECT, "", MAPPER);
    }

    Inventory insert(Inventory i, Instant created) {
        int id = db.tx(h -> h.createUpdate("INSERT INTO project__inventory (project_id, name, type, inventory, ssh_key_id,"
                        + " become_key_id, repository_id, created) VALUES (:p, :name, :type, :inv, :key, :become, :repo, :created)")
                .bind("p", i.projectId()).bind("name", i.name()).bind("type", i.type()).bind("inv", i.inventory())
                .bind("key", i.sshKeyId()).bind("become", i.becomeKeyId()).bind("repo", i.repositoryId())
                .bind("created", created)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        return new Inventory(id, i.name(), i.projectId(), i.inventory(), i.sshKeyId(), i.becomeKeyId(), i.type(),
                i.repositoryId());
    }

    /** {@code orderBy} is a column chosen by the service from a fixed list, never user text. */
    List<Inventory> list(int projectId, String orderBy, boolean desc) {
        String dir = desc ? " DESC" : " ASC";
        return db.read(h -> h.createQuery(SELECT + "WHERE project_id = :p ORDER BY " + orderBy + dir + ", id" + dir)
                .bind("p", projectId).map(MAPPER).list());
    }

    Optional<Inventory> find(int projectId, int id) {
        return table.find(projectId, id);
    }

    void update(Inventory i) {
        db.run(h -> h.createUpdate("UPDATE project__inventory SET name = :name, type = :type, inventory = :inv,"
                        + " ssh_key_id = :key, become_key_id = :become, repository_id = :repo WHERE project_id = :p AND id = :id")
                .bind("name", i.name()).bind("type", i.type()).bind("inv", i.inventory()).bind("key", i.sshKeyId())
                .bind("become", i.becomeKeyId()).bind("repo", i.repositoryId()).bind("p", i.projectId())
                .bind("id", i.id()).execute());
    }

    void delete(int projectId, int id) {
        table.delete(projectId, id);
    }
}
