package io.semaphore.repository;

import io.semaphore.db.Database;
import io.semaphore.errors.Fields;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectResources;
import io.semaphore.project.References;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The git repositories of a project: validated URL, branch and key ({@link GitUrl}), in-use check before a delete
 * ({@link References}), and an event for every change. Route permissions are checked before these methods run.
 */
public final class RepositoryService implements ProjectResources<Repository, RepositoryRequest> {
    /** {@code ?sort=} values and the column each orders by; {@code ssh_key} sorts by the key's name. */
    private static final SequencedMap<String, String> SORT = Fields.ListOrder.columns("name", "r.name", "git_url", "r.git_url",
            "ssh_key", "k.name");

    private final RepositoryStore repositories;
    private final References references;
    private final Clock clock;
    private final ProjectChanges changes;

    public RepositoryService(Database db, EventStore events, References references, Clock clock) {
        this.repositories = new RepositoryStore(db);
        this.references = references;
        this.clock = clock;
        this.changes = new ProjectChanges(db, events);
    }

    /** {@code sort}: name (default), git_url or ssh_key; {@code order}: asc (default) or desc. */
    @Override
    public List<Repository> list(int projectId, String sort, String order) {
        Fields.ListOrder by = Fields.ListOrder.of(sort, order, SORT);
        return repositories.list(projectId, by.column(), by.descending());
    }

    public Optional<Repository> find(int projectId, int id) {
        return repositories.find(projectId, id);
    }

    @Override
    public Repository get(int projectId, int id) {
        return find(projectId, id)
                .orElseThrow(() -> new NotFoundException("Repository " + id + " not found in project " + projectId));
    }

    @Override
    public References.Refs refs(int projectId, int id) {
        get(projectId, id);
        return references.ofRepository(projectId, id);
    }

    @Override
    public Repository create(int userId, int projectId, RepositoryRequest r) {
        requireProject(projectId, r.projectId());
        Repository valid = validate(0, projectId, r);
        return changes.created(projectId, userId, "repository",
                () -> repositories.insert(valid, clock.instant().truncatedTo(ChronoUnit.MILLIS)), Repository::id,
                created -> "Repository " + created.name());
    }

    /** Replaces the repository, as Semaphore's PUT does: every field is required again. */
    @Override
    public void update(int userId, int projectId, int id, RepositoryRequest r) {
        get(projectId, id);
        Fields.sameId("Repository", r.id(), id);
        requireProject(projectId, r.projectId());
        Repository valid = validate(id, projectId, r);
        changes.updated(projectId, userId, "repository", id, "Repository " + valid.name(), () -> repositories.update(valid));
    }

    /** 409 naming the templates and inventories that still use the repository. */
    @Override
    public void delete(int userId, int projectId, int id) {
        Repository r = get(projectId, id);
        changes.deleted(projectId, userId, "repository", id, "Repository " + r.name(),
                () -> references.ofRepository(projectId, id), () -> repositories.delete(projectId, id));
    }

    private Repository validate(int id, int projectId, RepositoryRequest r) {
        String name = name(r.name());
        String url = r.gitUrl() == null ? "" : r.gitUrl().trim();
        if (url.isEmpty()) {
            throw new ValidationException("Field 'git_url' is required, such as " + GitUrl.EXAMPLES);
        }
        GitUrl.Kind kind = GitUrl.kind(url);
        String branch = GitUrl.branch(r.gitBranch(), kind);
        if (r.sshKeyId() == null) {
            throw new ValidationException("Field 'ssh_key_id' is required: the id of one of this project's keys"
                    + " (the project's 'None' key for public repositories)");
        }
        references.requireInProject(References.Kind.KEY, "ssh_key_id", projectId, r.sshKeyId());
        return new Repository(id, name, projectId, url, branch, r.sshKeyId());
    }

    private static void requireProject(int projectId, Integer bodyProjectId) {
        io.semaphore.errors.Fields.sameProject(projectId, bodyProjectId);
    }

    private static String name(String name) {
        return io.semaphore.errors.Fields.required("name", name, 255);
    }
}
