package io.semaphore.db;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * The SQL every table of a project's resources shares, as the base of its store: a row is found and deleted only
 * together with its project, so an id from another project reads as absent and is never touched.
 */
public abstract class ProjectTable<T> implements ProjectRows<T> {
    protected final Database db;
    private final String table;
    private final String select;
    private final String prefix;
    private final RowMapper<T> mapper;

    /**
     * @param select "SELECT ... FROM {table} [alias] [joins] " (ending in a space): how rows are read
     * @param alias  the table's alias in {@code select}, or "" when it has none
     */
    protected ProjectTable(Database db, String table, String select, String alias, RowMapper<T> mapper) {
        this.db = db;
        this.table = table;
        this.select = select;
        this.prefix = alias.isEmpty() ? "" : alias + ".";
        this.mapper = mapper;
    }

    @Override
    public final Optional<T> find(int projectId, int id) {
        return db.read(h -> h.createQuery(select + "WHERE " + prefix + "project_id = :p AND " + prefix + "id = :id")
                .bind("p", projectId).bind("id", id).map(mapper).findOne());
    }

    @Override
    public final void delete(int projectId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM " + table + " WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).execute());
    }

    /**
     * The project's rows by {@code orderBy} (a column the store chose, never user text), ties by id the same way;
     * {@code joins} ("" or ending in a space) stand between the select and its {@code WHERE}.
     */
    protected final List<T> ordered(int projectId, String joins, String orderBy, boolean desc) {
        String dir = desc ? " DESC" : " ASC";
        return db.read(h -> h.createQuery(select + joins + "WHERE " + prefix + "project_id = :p ORDER BY " + orderBy + dir
                        + ", " + prefix + "id" + dir)
                .bind("p", projectId).map(mapper).list());
    }

    /** Runs the {@code INSERT} with the values {@code bind} gives; returns the new row's id. Joins the caller's transaction. */
    protected final int insert(String sql, UnaryOperator<Update> bind) {
        return db.tx(h -> bind.apply(h.createUpdate(sql)).executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }
}
