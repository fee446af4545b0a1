package io.semaphore.repository;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectTable;
import io.semaphore.db.RecordMapper;
import io.semaphore.errors.Fields;
import java.time.Instant;
import java.util.List;

/** Table {@code project__repository}. Every query is scoped to a project. */
final class RepositoryStore extends ProjectTable<Repository> {
    RepositoryStore(Database db) {
        super(db, "project__repository", "SELECT r.id, r.name, r.project_id, r.git_url, r.git_branch, r.ssh_key_id"
                + " FROM project__repository r ", "r", RecordMapper.of(Repository.class));
    }

    Repository insert(Repository r, Instant created) {
        int id = insert("INSERT INTO project__repository (project_id, name, git_url, git_branch, ssh_key_id, created)"
                        + " VALUES (:p, :name, :url, :branch, :key, :created)",
                u -> u.bind("p", r.projectId()).bind("name", r.name()).bind("url", r.gitUrl()).bind("branch", r.gitBranch())
                        .bind("key", r.sshKeyId()).bind("created", created));
        return new Repository(id, r.name(), r.projectId(), r.gitUrl(), r.gitBranch(), r.sshKeyId());
    }

    /** {@code by}'s column is an expression chosen by the service from a fixed list, never user text. */
    List<Repository> list(int projectId, Fields.ListOrder by) {
        return ordered(projectId, "LEFT JOIN access_key k ON k.id = r.ssh_key_id ", by.column(), by.descending());
    }

    void update(Repository r) {
        db.run(h -> h.createUpdate("UPDATE project__repository SET name = :name, git_url = :url, git_branch = :branch,"
                        + " ssh_key_id = :key WHERE project_id = :p AND id = :id")
                .bind("name", r.name()).bind("url", r.gitUrl()).bind("branch", r.gitBranch()).bind("key", r.sshKeyId())
                .bind("p", r.projectId()).bind("id", r.id()).execute());
    }
}
