package io.semaphore.repository;

import io.semaphore.errors.Fields;
import io.semaphore.errors.ValidationException;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectResourceArea;
import io.semaphore.project.References;
import java.util.List;
import java.util.SequencedMap;

/**
 * The git repositories of a project: validated URL, branch and key ({@link GitUrl}), in-use check before a delete
 * ({@link References}), and an event for every change. Route permissions are checked before these methods run.
 */
public final class RepositoryService extends ProjectResourceArea<Repository, RepositoryRequest, RepositoryStore> {
    /** {@code ?sort=} values and the column each orders by; {@code ssh_key} sorts by the key's name. */
    private static final SequencedMap<String, String> SORT = Fields.ListOrder.columns("name", "r.name", "git_url", "r.git_url",
            "ssh_key", "k.name");

    public RepositoryService(ProjectChanges changes) {
        super(changes, Naming.of("repository", "Repository", Repository::id, Repository::name, References::ofRepository),
                RepositoryStore::new);
    }

    /** {@code sort}: name (default), git_url or ssh_key; {@code order}: asc (default) or desc. */
    @Override
    public List<Repository> list(int projectId, String sort, String order) {
        return store.list(projectId, Fields.ListOrder.of(sort, order, SORT));
    }

    @Override
    public Repository create(int userId, int projectId, RepositoryRequest r) {
        Fields.sameProject(projectId, r.projectId());
        Repository valid = validate(0, projectId, r);
        return created(userId, projectId, () -> store.insert(valid, changes.now()));
    }

    /** Replaces the repository, as Semaphore's PUT does: every field is required again. */
    @Override
    public void update(int userId, int projectId, int id, RepositoryRequest r) {
        get(projectId, id);
        Fields.sameId("Repository", r.id(), id);
        Fields.sameProject(projectId, r.projectId());
        Repository valid = validate(id, projectId, r);
        updated(userId, projectId, id, valid.name(), () -> store.update(valid));
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
        changes.references().requireInProject(References.Kind.KEY, "ssh_key_id", projectId, r.sshKeyId());
        return new Repository(id, name, projectId, url, branch, r.sshKeyId());
    }

    private static String name(String name) {
        return Fields.required("name", name, 255);
    }
}
