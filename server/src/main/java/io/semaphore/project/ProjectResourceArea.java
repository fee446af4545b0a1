package io.semaphore.project;

import io.semaphore.db.Database;
import io.semaphore.db.ProjectRows;
import io.semaphore.errors.NotFoundException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What the service of every resource area (keys, repositories, inventories, variable groups) does alike: read one
 * or 404, list what uses it, refuse its delete while in use, and write each change with its event. The area gives
 * its store and how it names its resources, and keeps its own rules (validation, secrets, list order) for the rest.
 *
 * @param <T> what is read (the resource as the API answers it)
 * @param <R> what is written (the request body)
 * @param <S> the area's store
 */
public abstract class ProjectResourceArea<T, R, S extends ProjectRows<T>> implements ProjectResources<T, R> {
    /** What uses a resource: one of {@link References}' {@code of...} queries, e.g. {@code References::ofInventory}. */
    @FunctionalInterface
    public interface Uses {
        References.Refs of(References references, int projectId, int id);
    }

    /**
     * How an area names its resources.
     *
     * @param objectType the events' object type ("inventory")
     * @param label      what events and conflicts call one ("Inventory", followed by its name)
     * @param missing    what a 404 calls one (followed by its id)
     */
    public record Naming<T>(String objectType, String label, String missing, ToIntFunction<T> id,
                            Function<T, String> name, Uses uses) {
        /** A 404 calls it by its {@code label}. */
        public static <T> Naming<T> of(String objectType, String label, ToIntFunction<T> id, Function<T, String> name,
                                       Uses uses) {
            return new Naming<>(objectType, label, label, id, name, uses);
        }
    }

    protected final ProjectChanges changes;
    /** The area's own store, built over the database by {@code open}. */
    protected final S store;
    private final Naming<T> naming;

    protected ProjectResourceArea(ProjectChanges changes, Naming<T> naming, Function<Database, S> open) {
        this.changes = changes;
        this.store = changes.store(open);
        this.naming = naming;
    }

    /** The resource, or empty when this project has none with that id. */
    public Optional<T> find(int projectId, int id) {
        return store.find(projectId, id);
    }

    @Override
    public final T get(int projectId, int id) {
        return find(projectId, id).orElseThrow(() -> notFound(projectId, id));
    }

    @Override
    public final References.Refs refs(int projectId, int id) {
        get(projectId, id);
        return naming.uses().of(changes.references(), projectId, id);
    }

    /** Refuses (409, naming them) while anything uses it. */
    @Override
    public final void delete(int userId, int projectId, int id) {
        T old = get(projectId, id);
        changes.deleted(projectId, userId, naming.objectType(), id, label(naming.name().apply(old)),
                () -> naming.uses().of(changes.references(), projectId, id), () -> store.delete(projectId, id));
    }

    protected final NotFoundException notFound(int projectId, int id) {
        return new NotFoundException(naming.missing() + " " + id + " not found in project " + projectId);
    }

    /** {@code insert}, then the event "{@code <Label> <name>} created", in one transaction. */
    protected final T created(int userId, int projectId, Supplier<T> insert) {
        return changes.created(projectId, userId, naming.objectType(), insert, naming.id(),
                row -> label(naming.name().apply(row)));
    }

    /** {@code change}, then the event "{@code <Label> <name>} updated", in one transaction. */
    protected final void updated(int userId, int projectId, int id, String name, Runnable change) {
        changes.updated(projectId, userId, naming.objectType(), id, label(name), change);
    }

    private String label(String name) {
        return naming.label() + " " + name;
    }
}
