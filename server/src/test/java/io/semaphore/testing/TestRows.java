package io.semaphore.testing;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** The fewest rows a task needs (project, key, repository, template), inserted with plain SQL for storage tests. */
public final class TestRows {
    private TestRows() {}

    /** Inserts a project with one task and returns the task's id; works on every schema version since V1. */
    public static long insertTask(Handle h, Instant created) {
        h.createUpdate("INSERT INTO project (created, name) VALUES (:c, 'p')").bind("c", created).execute();
        int project = h.createQuery("SELECT MAX(id) FROM project").mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO access_key (name, type, project_id) VALUES ('none', 'none', :p)").bind("p", project).execute();
        int key = h.createQuery("SELECT MAX(id) FROM access_key").mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO project__repository (project_id, name, git_url, ssh_key_id) VALUES (:p, 'r', '/tmp', :k)")
                .bind("p", project).bind("k", key).execute();
        int repo = h.createQuery("SELECT MAX(id) FROM project__repository").mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO project__template (project_id, name, repository_id) VALUES (:p, 't', :r)")
                .bind("p", project).bind("r", repo).execute();
        int template = h.createQuery("SELECT MAX(id) FROM project__template").mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO task (template_id, project_id, status, created) VALUES (:t, :p, 'running', :c)")
                .bind("t", template).bind("p", project).bind("c", created).execute();
        return h.createQuery("SELECT MAX(id) FROM task").mapTo(Long.class).one();
    }
}
