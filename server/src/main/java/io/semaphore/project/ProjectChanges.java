package io.semaphore.project;

import io.semaphore.db.Database;
import io.semaphore.errors.NotFoundException;
import io.semaphore.event.EventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What every service of a project's objects (resources, views, schedules, integrations) writes with: a change
 * together with its event (Semaphore's activity line) in one transaction, the in-use check before a delete, the
 * 404 of an object missing from the project, and the time a row is created. Built once by the composition root;
 * each service takes it plus what is its own, and keeps its own rules. It keeps the event's form
 * ({@code "<Label> created"}, {@code "<Label> updated"}, {@code "<Label> deleted"}) the same everywhere.
 */
public final class ProjectChanges {
    private final Database db;
    private final EventStore events;
    private final References references;
    private final Clock clock;

    public ProjectChanges(Database db, EventStore events, References references, Clock clock) {
        this.db = db;
        this.events = events;
        this.references = references;
        this.clock = clock;
    }

    /** The service's own store over this database (stores are their package's, built by their service). */
    public <S> S store(Function<Database, S> open) {
        return open.apply(db);
    }

    /** What uses what, and whether an id names an object of the project. */
    public References references() {
        return references;
    }

    /** Now, to the millisecond: what a new row's {@code created} holds. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code row}, or 404 "{@code <what> <id>} not found in project {@code <projectId>}". */
    public <T> T found(Optional<T> row, String what, int projectId, int id) {
        return row.orElseThrow(() -> new NotFoundException(what + " " + id + " not found in project " + projectId));
    }

    /** Several reads on one connection (what a list joined from two tables reads). */
    public <T> T read(Supplier<T> reads) {
        return db.read(h -> reads.get());
    }

    /** Several writes that record no event, in one transaction. */
    public void inOneTransaction(Runnable writes) {
        db.run(h -> writes.run());
    }

    /**
     * {@code insert}, then the event {@code "<label of the new row> created"} (e.g. "Inventory prod created"), in
     * one transaction; returns the new row.
     */
    public <T> T created(int projectId, Integer userId, String objectType, Supplier<T> insert, ToIntFunction<T> id,
                         Function<T, String> label) {
        return recorded(projectId, userId, objectType, insert, row -> id.applyAsInt(row), row -> label.apply(row) + " created");
    }

    /**
     * {@code insert}, then the event {@code description} gives for the new row, of the object {@code id} gives
     * (null: the project itself), in one transaction.
     */
    public <T> T recorded(int projectId, Integer userId, String objectType, Supplier<T> insert, Function<T, Integer> id,
                          Function<T, String> description) {
        return db.tx(h -> {
            T row = insert.get();
            events.record(projectId, userId, objectType, id.apply(row), description.apply(row));
            return row;
        });
    }

    /** {@code change}, then the event {@code "<label> updated"}; {@code label} is e.g. "Inventory prod". */
    public void updated(int projectId, Integer userId, String objectType, int id, String label, Runnable change) {
        changed(projectId, userId, objectType, id, change, () -> label + " updated");
    }

    /**
     * {@code change}, then the event {@code description} gives once the change is made (it may read the changed
     * row), of the object {@code id} (null: the project itself), in one transaction.
     */
    public void changed(int projectId, Integer userId, String objectType, Integer id, Runnable change,
                        Supplier<String> description) {
        db.run(h -> {
            change.run();
            events.record(projectId, userId, objectType, id, description.get());
        });
    }

    /**
     * Refuses (409, naming them) while {@code uses} finds anything that refers to it (null: nothing can); else
     * {@code delete}, then the event {@code "<label> deleted"}. The check and the delete share the transaction.
     */
    public void deleted(int projectId, Integer userId, String objectType, int id, String label,
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
