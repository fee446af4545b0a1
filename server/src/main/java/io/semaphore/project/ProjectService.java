package io.semaphore.project;

import io.semaphore.db.Database;
import io.semaphore.errors.Fields;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.user.User;
import io.semaphore.user.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Projects and their teams. Route-level permissions are checked before these methods run ({@code api.Access});
 * the rules here are the ones that depend on data: a project always keeps an owner, a user joins once.
 */
public final class ProjectService {
    private final Database db;
    private final ProjectStore projects;
    private final UserStore users;
    private final EventStore events;
    private final Clock clock;
    private final boolean nonAdminCanCreateProject;

    public ProjectService(Database db, ProjectStore projects, UserStore users, EventStore events, Clock clock,
                          boolean nonAdminCanCreateProject) {
        this.db = db;
        this.projects = projects;
        this.users = users;
        this.events = events;
        this.clock = clock;
        this.nonAdminCanCreateProject = nonAdminCanCreateProject;
    }

    /** The user's role in the project, if a member: what access checks need. */
    public Optional<Role> role(int projectId, int userId) {
        return projects.role(projectId, userId);
    }

    /** Whether the project exists (an administrator may act on any). */
    public boolean exists(int projectId) {
        return projects.find(projectId).isPresent();
    }

    public boolean canCreate(User u) {
        return u.admin() || nonAdminCanCreateProject;
    }

    public List<Project> list(User actor) {
        return actor.admin() ? projects.list() : projects.listForUser(actor.id());
    }

    public Project get(int id) {
        return projects.find(id).orElseThrow(() -> new NotFoundException("Project " + id + " not found"));
    }

    /** Creates the project with the caller as owner, plus Semaphore's default "None" key and "Empty" environment. */
    public Project create(User actor, ProjectRequest r) {
        return create(actor, r, true);
    }

    /** As {@link #create(User, ProjectRequest)}; a restore passes {@code withDefaults=false} (the backup has its own). */
    public Project create(User actor, ProjectRequest r, boolean withDefaults) {
        if (!canCreate(actor)) {
            throw new ForbiddenException("Only administrators can create projects on this server"
                    + " (non_admin_can_create_project is off)");
        }
        if (Boolean.TRUE.equals(r.demo())) {
            throw new ValidationException("Demo projects are not available yet; create an empty project instead");
        }
        String name = name(r.name());
        int max = maxParallel(r.maxParallelTasks());
        Instant now = now();
        return db.tx(h -> {
            // Semaphore ignored alert settings on create; a user who sends them expects them kept.
            Project p = projects.insert(new Project(0, now, name, Boolean.TRUE.equals(r.alert()), emptyToNull(r.alertChat()),
                    max, r.type() == null ? "" : r.type()));
            projects.addMember(p.id(), actor.id(), Role.OWNER, now);
            if (withDefaults) {
                projects.insertDefaults(p.id(), now);
            }
            events.record(p.id(), actor.id(), "project", p.id(), "Project " + p.name() + " created");
            return p;
        });
    }

    public void update(User actor, int id, ProjectRequest r) {
        Project old = get(id);
        Fields.sameId("Project", r.id(), id);
        Project p = new Project(id, old.created(), r.name() == null ? old.name() : name(r.name()),
                r.alert() == null ? old.alert() : r.alert(),
                r.alertChat() == null ? old.alertChat() : emptyToNull(r.alertChat()),
                r.maxParallelTasks() == null ? old.maxParallelTasks() : maxParallel(r.maxParallelTasks()), old.type());
        db.run(h -> {
            projects.update(p);
            events.record(id, actor.id(), "project", id, "Project " + p.name() + " updated");
        });
    }

    public void delete(User actor, int id) {
        Project p = get(id);
        db.run(h -> {
            projects.delete(id);
            events.record(null, actor.id(), "project", id, "Project " + p.name() + " deleted");
        });
    }

    public List<ProjectMember> members(int projectId, String sort, String order) {
        return projects.members(projectId, sort == null ? "name" : sort, "desc".equalsIgnoreCase(order));
    }

    public ProjectMember member(int projectId, int userId) {
        return projects.members(projectId, "name", false).stream().filter(m -> m.id() == userId).findFirst()
                .orElseThrow(() -> new NotFoundException("User " + userId + " is not a member of project " + projectId));
    }

    public void addMember(User actor, int projectId, Integer userId, Role role) {
        if (userId == null) {
            throw new ValidationException("Field 'user_id' is required");
        }
        if (role == null) {
            throw new ValidationException("Field 'role' is required; allowed: owner, manager, task_runner, guest");
        }
        User u = users.find(userId).orElseThrow(() -> new ValidationException("User " + userId + " does not exist"));
        if (projects.role(projectId, userId).isPresent()) {
            throw new ConflictException("User " + u.username() + " is already a member of this project");
        }
        db.run(h -> {
            projects.addMember(projectId, userId, role, now());
            events.record(projectId, actor.id(), "user", userId, "User " + u.username() + " added to the team as " + role.json());
        });
    }

    public void setRole(User actor, int projectId, int userId, Role role) {
        if (role == null) {
            throw new ValidationException("Field 'role' is required; allowed: owner, manager, task_runner, guest");
        }
        db.run(h -> {
            Role current = currentRole(projectId, userId);
            if (actor.id() == userId && !actor.admin() && current != role) {
                throw new ForbiddenException("You cannot change your own role; ask another owner");
            }
            if (current == Role.OWNER && role != Role.OWNER) {
                keepAnOwner(projectId, userId, "must stay owner");
            }
            projects.setRole(projectId, userId, role);
            events.record(projectId, actor.id(), "user", userId, "User " + userId + " role changed to " + role.json());
        });
    }

    /** Removes a member; {@code DELETE /me} is the member removing themselves. */
    public void removeMember(User actor, int projectId, int userId) {
        db.run(h -> {
            if (currentRole(projectId, userId) == Role.OWNER) {
                keepAnOwner(projectId, userId, actor.id() == userId ? "cannot leave" : "cannot be removed");
            }
            projects.removeMember(projectId, userId);
            events.record(projectId, actor.id(), "user", userId, "User " + userId + " removed from the team");
        });
    }

    private Role currentRole(int projectId, int userId) {
        return projects.role(projectId, userId)
                .orElseThrow(() -> new NotFoundException("User " + userId + " is not a member of project " + projectId));
    }

    /**
     * The one rule of leaving, removal and demotion: a project keeps at least one owner. Runs in the change's
     * transaction with the owners' rows locked, so two owners leaving at the same moment cannot both go. 400, as
     * Semaphore's spec lists no error status for these routes.
     */
    private void keepAnOwner(int projectId, int ownerId, String refused) {
        List<Integer> owners = projects.lockOwners(projectId);
        if (owners.size() <= 1 && owners.contains(ownerId)) {
            String who = users.find(ownerId).map(User::username).orElse("User " + ownerId);
            throw new ValidationException(who + " is the last owner of project '" + get(projectId).name() + "' and "
                    + refused + "; make another member owner first");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String name(String name) {
        return io.semaphore.errors.Fields.required("name", name, 255);
    }

    private static int maxParallel(Integer v) {
        return Fields.zeroOrMore("max_parallel_tasks", v, "no limit");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
