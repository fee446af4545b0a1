package io.semaphore.db;

import java.util.Optional;

/** What every store of a project's resources has: a row of the project found, and deleted, by its id. */
public interface ProjectRows<T> {
    /** Empty when the project has no such row (an id of another project reads as absent). */
    Optional<T> find(int projectId, int id);

    /** Joins the caller's transaction. */
    void delete(int projectId, int id);
}
