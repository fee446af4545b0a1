package io.semaphore.repository;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import io.semaphore.db.RecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Table {@code project__repository}. Every query is scoped to a project. */
final class RepositoryStore {
    private static final RowMapper<Repository> MAPPER = RecordMapper.of(Repository.class);
    private static final String SELECT = "SELECT r.id, r.name, r.project_id, r.git_url, r.git_branch, r.ssh_key_id"
            + " FROM project__repository r ";

    private final Database db;
    private final ProjectTable<Repository> table;

    RepositoryStore(Database db) {
        this.db = db;
        this.table = new ProjectTable<>(db, "project__repository", SELECT, "r", MAPPER);
    }

    Repository insert(Repository r, Instant created) {
        int id = db.tx(h -> h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, git_branch, ssh_key_id,"
                        + " created) VALUES (:p, :name, :url, :branch, :key, :created)")
                .bind("p", r.projectId()).bind("name", r.name()).bind("url", r.gitUrl()).bind("branch", r.gitBranch())
                .bind("key", r.sshKeyId()).bind("created", created)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
        return new Repository(id, r.name(), r.projectId(), r.gitUrl(), r.gitBranch(), r.sshKeyId());
    }

    /** {@code orderBy} is a column expression chosen by the service from a fixed list, never user text. */
    List<Repository> list(int projectId, String orderBy, boolean desc) {
        String dir = desc ? " DESC" : " ASC";
        return db.read(h -> h.createQuery(SELECT + "LEFT JOIN access_key k ON k.id = r.ssh_key_id"
                        + " WHERE r.project_id = :p ORDER BY " + orderBy + dir + ", r.id" + dir)
                .bind("p", projectId).map(MAPPER).list());
    }

    Optional<Repository> find(int projectId, int id) {
        return table.find(projectId, id);
    }

    void update(Repository r) {
        db.run(h -> h.createUpdate("UPDATE project__repository SET name = :name, git_url = :url, git_branch = :branch,"
                        + " ssh_key_id = :key WHERE project_id = :p AND id = :id")
                .bind("name", r.name()).bind("url", r.gitUrl()).bind("branch", r.gitBranch()).bind("key", r.sshKeyId())
                .bind("p", r.projectId()).bind("id", r.id()).execute());
    }

    void delete(int projectId, int id) {
        table.delete(projectId, id);
    }
}
