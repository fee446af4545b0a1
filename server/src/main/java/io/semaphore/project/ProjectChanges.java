package io.semaphore.project;

import io.semaphore.db.Database;
import io.semaphore.event.EventStore;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A change to a project's resource together with its event (Semaphore's activity line), in one transaction: what
 * every resource area does on create, update and delete. The area decides what changes; this keeps the event's form
 * ({@code "<Label> created"}, {@code "<Label> updated"}, {@code "<Label> deleted"}) and the in-use check the same
 * everywhere.
 */
public final class ProjectChanges {
    private final Database db;
    private final EventStore events;

    public ProjectChanges(Database db, EventStore events) {
        this.db = db;
        this.events = events;
    }

    /**
     * {@code insert}, then the event {@code "<label of the new row> created"} (e.g. "Inventory prod created"), in
     * one transaction; returns the new row.
     */
    public <T> T created(int projectId, int userId, String objectType, Supplier<T> insert, ToIntFunction<T> id,
                         Function<T, String> label) {
        return db.tx(h -> {
            T row = insert.get();
            events.record(projectId, userId, objectType, id.applyAsInt(row), label.apply(row) + " created");
            return row;
        });
    }

    /** {@code change}, then the event {@code "<label> updated"}; {@code label} is e.g. "Inventory prod". */
    public void updated(int projectId, int userId, String objectType, int id, String label, Runnable change) {
        db.run(h -> {
            change.run();
            events.record(projectId, userId, objectType, id, label + " updated");
        });
    }

    /**
     * Refuses (409, naming them) while {@code uses} finds anything that refers to it (null: nothing can); else
     * {@code delete}, then the event {@code "<label> deleted"}. The check and the delete share the transaction.
     */
    public void deleted(int projectId, int userId, String objectType, int id, String label,
                        Supplier<References.Refs> uses, Runnable delete) {
        db.run(h -> {
            if (uses != null) {
                References.requireUnused(label, uses.get());
            }
            delete.run();
            events.record(projectId, userId, objectType, id, label + " deleted");
        });
    }
}
