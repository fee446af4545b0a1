package io.semaphore.db;

import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The SQL every table of a project's resources shares: a row is found and deleted only together with its project,
 * so an id from another project reads as absent and is never touched.
 */
public final class ProjectTable<T> {
    private final Database db;
    private final String table;
    private final String select;
    private final String prefix;
    private final RowMapper<T> mapper;

    /**
     * @param select "SELECT ... FROM {table} [alias] [joins] " (ending in a space): how rows are read
     * @param alias  the table's alias in {@code select}, or "" when it has none
     */
    public ProjectTable(Database db, String table, String select, String alias, RowMapper<T> mapper) {
        this.db = db;
        this.table = table;
        this.select = select;
        this.prefix = alias.isEmpty() ? "" : alias + ".";
        this.mapper = mapper;
    }

    public Optional<T> find(int projectId, int id) {
        return db.read(h -> h.createQuery(select + "WHERE " + prefix + "project_id = :p AND " + prefix + "id = :id")
                .bind("p", projectId).bind("id", id).map(mapper).findOne());
    }

    /** Joins the caller's transaction. */
    public void delete(int projectId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM " + table + " WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).execute());
    }
}
