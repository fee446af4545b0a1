package io.semaphore.repository;

import io.semaphore.db.Database;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.project.References;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The git repositories of a project: validated URL, branch and key ({@link GitUrl}), in-use check before a delete
 * ({@link References}), and an event for every change. Route permissions are checked before these methods run.
 */
public final class RepositoryService {
    /** {@code ?sort=} values and the column each orders by; {@code ssh_key} sorts by the key's name. */
    private static final Map<String, String> SORT = Map.of("name", "r.name", "git_url", "r.git_url", "ssh_key", "k.name");

    private final Database db;
    private final RepositoryStore repositories;
    private final EventStore events;
    private final References references;
    private final Clock clock;

    public RepositoryService(Database db, EventStore events, References references, Clock clock) {
        this.db = db;
        this.repositories = new RepositoryStore(db);
        this.events = events;
        this.references = references;
        this.clock = clock;
    }

    /** {@code sort}: name (default), git_url or ssh_key; {@code order}: asc (default) or desc. */
    public List<Repository> list(int projectId, String sort, String order) {
        String column = SORT.get(sort == null || sort.isEmpty() ? "name" : sort);
        if (column == null) {
            throw new ValidationException("Query parameter 'sort' is '" + sort + "'; allowed: name, git_url, ssh_key");
        }
        return repositories.list(projectId, column, descending(order));
    }

    public Optional<Repository> find(int projectId, int id) {
        return repositories.find(projectId, id);
    }

    public Repository get(int projectId, int id) {
        return find(projectId, id)
                .orElseThrow(() -> new NotFoundException("Repository " + id + " not found in project " + projectId));
    }

    public References.Refs refs(int projectId, int id) {
        get(projectId, id);
        return references.ofRepository(projectId, id);
    }

    public Repository create(int userId, int projectId, RepositoryRequest r) {
        requireProject(projectId, r.projectId());
        Repository valid = validate(0, projectId, r);
        return db.tx(h -> {
            Repository created = repositories.insert(valid, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            events.record(projectId, userId, "repository", created.id(), "Repository " + created.name() + " created");
            return created;
        });
    }

    /** Replaces the repository, as Semaphore's PUT does: every field is required again. */
    public void update(int userId, int projectId, int id, RepositoryRequest r) {
        get(projectId, id);
        if (r.id() != null && r.id() != 0 && r.id() != id) {
            throw new ValidationException("Repository id in the body (" + r.id() + ") does not match the URL (" + id + ")");
        }
        requireProject(projectId, r.projectId());
        Repository valid = validate(id, projectId, r);
        db.run(h -> {
            repositories.update(valid);
            events.record(projectId, userId, "repository", id, "Repository " + valid.name() + " updated");
        });
    }

    /** 409 naming the templates and inventories that still use the repository. */
    public void delete(int userId, int projectId, int id) {
        Repository r = get(projectId, id);
        db.run(h -> {
            References.requireUnused("Repository " + r.name(), references.ofRepository(projectId, id));
            repositories.delete(projectId, id);
            events.record(projectId, userId, "repository", id, "Repository " + r.name() + " deleted");
        });
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

    private static boolean descending(String order) {
        if (order == null || order.isEmpty() || order.equalsIgnoreCase("asc")) {
            return false;
        }
        if (order.equalsIgnoreCase("desc")) {
            return true;
        }
        throw new ValidationException("Query parameter 'order' is '" + order + "'; allowed: asc, desc");
    }

    private static String name(String name) {
        return io.semaphore.errors.Fields.required("name", name, 255);
    }
}
