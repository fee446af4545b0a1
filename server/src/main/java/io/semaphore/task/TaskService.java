package io.semaphore.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.api.Json;
import io.semaphore.db.Database;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.project.References;
import io.semaphore.project.References.Kind;
import io.semaphore.project.Role;
import io.semaphore.repository.GitUrl;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateService;
import io.semaphore.user.User;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Starting, listing, stopping, confirming and deleting tasks; running them is {@link TaskPool}'s job. */
public final class TaskService {
    private final Database db;
    private final TaskStore tasks;
    private final LogWriter logs;
    private final TemplateService templates;
    private final References references;
    private final EventStore events;
    private final LogHub hub;
    private final Clock clock;
    private final Map<Long, String> secrets = new ConcurrentHashMap<>();
    private TaskPool pool;

    public TaskService(Database db, TaskStore tasks, LogWriter logs, TemplateService templates, References references,
                       EventStore events, LogHub hub, Clock clock) {
        this.db = db;
        this.tasks = tasks;
        this.logs = logs;
        this.templates = templates;
        this.references = references;
        this.events = events;
        this.hub = hub;
        this.clock = clock;
    }

    /** Set once at start-up (the pool needs the service and the service wakes the pool). */
    public void attach(TaskPool pool) {
        this.pool = pool;
    }

    public Task get(int projectId, long id) {
        return tasks.find(projectId, id).orElseThrow(() -> new NotFoundException("Task " + id + " not found in project " + projectId));
    }

    /** The newest task of each template (template id → task). */
    public Map<Integer, Task> lastPerTemplate(int projectId) {
        return tasks.lastPerTemplate(projectId);
    }

    public List<Task> list(int projectId, Integer templateId, int limit) {
        return tasks.list(projectId, templateId, limit);
    }

    public List<TaskOutput> output(int projectId, long id, long offset, int limit) {
        get(projectId, id);
        return logs.read(id, Math.max(0, offset), limit); // stored lines and those still on their way
    }

    /** Survey values of type secret: kept in memory for the run only, never stored. */
    String takeSecret(long taskId) {
        return secrets.remove(taskId);
    }

    /**
     * Queues a task of a template. {@code role} is the caller's role in the project (null for an administrator
     * without one, and for the server itself, whose {@code user} is null); what the request may change of the
     * template depends on it ({@link TaskOverrides}). Values invalid for everyone are 400s.
     */
    public Task start(User user, Role role, int projectId, TaskRequest r) {
        return start(user, role, projectId, r, null);
    }

    /** Queues a task that an incoming webhook (integration {@code integrationId}) asked for; the task carries its id. */
    public Task startByIntegration(int projectId, TaskRequest r, int integrationId) {
        return start(null, null, projectId, r, integrationId);
    }

    private Task start(User user, Role role, int projectId, TaskRequest r, Integer integrationId) {
        if (r.templateId() == null) {
            throw new ValidationException("Field 'template_id' is required");
        }
        Template tpl;
        try {
            tpl = templates.get(projectId, r.templateId());
        } catch (NotFoundException e) {
            throw new ValidationException("Field 'template_id': template " + r.templateId() + " does not exist in this project");
        }
        ObjectNode environment = jsonObject("environment", r.environment());
        ObjectNode secret = jsonObject("secret", r.secret());
        String arguments = r.arguments();
        if (arguments != null && !arguments.isBlank() && !arguments.trim().equals("[]")) {
            if (!tpl.allowOverrideArgsInTask()) {
                throw new ValidationException("Template " + tpl.name() + " does not allow overriding arguments;"
                        + " enable allow_override_args_in_task on the template");
            }
            jsonStringArray(arguments);
        } else {
            arguments = null;
        }
        String branch = r.gitBranch() == null || r.gitBranch().isBlank() ? null : r.gitBranch().trim();
        if (branch != null && !tpl.allowOverrideBranchInTask()) {
            throw new ValidationException("Template " + tpl.name() + " does not allow choosing the branch;"
                    + " enable allow_override_branch_in_task on the template");
        }
        branch = GitUrl.chosenBranch(branch);
        String commitHash = GitUrl.commitHash(r.commitHash());
        String playbook = r.playbook() == null || r.playbook().isBlank() ? ""
                : TemplateService.playbookPath(tpl.app(), r.playbook());
        String limit = r.limit() == null ? "" : r.limit();
        if (limit.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ValidationException("Field 'limit' must not contain control characters such as line breaks;"
                    + " separate hosts and groups with commas, such as web,db1");
        }
        references.requireInProject(Kind.INVENTORY, "inventory_id", projectId, r.inventoryId());
        if (!TaskOverrides.free(user, role)) {
            TaskOverrides.requireAllowed(role, tpl, new TaskOverrides.Requested(playbook, environment, secret, limit,
                    r.inventoryId(), commitHash, bool(r.debug())));
        }
        String version = null;
        Long buildTaskId = null;
        if (tpl.type().equals("build")) {
            version = Versions.next(tpl.startVersion(), tasks.lastVersion(tpl.id()).orElse(null));
        } else if (tpl.type().equals("deploy")) {
            if (r.buildTaskId() == null) {
                throw new ValidationException("Field 'build_task_id' is required to run deploy template " + tpl.name());
            }
            Task build = tasks.find(projectId, r.buildTaskId()).filter(b -> b.templateId() == tpl.buildTemplateId())
                    .orElseThrow(() -> new ValidationException("Field 'build_task_id': task " + r.buildTaskId()
                            + " is not a build of template " + tpl.buildTemplateId()));
            buildTaskId = build.id();
            version = build.version();
        }
        String message = r.message() == null ? "" : r.message();
        if (message.length() > 250) {
            throw new ValidationException("Field 'message' is longer than 250 characters");
        }
        Task t = new Task(0, tpl.id(), projectId, TaskStatus.WAITING, bool(r.debug()), bool(r.dryRun()), bool(r.diff()),
                playbook, environment == null ? null : r.environment(), limit, arguments,
                branch, r.inventoryId(), user == null ? null : user.id(), integrationId, null,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), null, null, message,
                commitHash, "", buildTaskId, version,
                tpl.playbook(), tpl.name(), tpl.type(), tpl.app(), user == null ? null : user.name());
        long id = db.tx(h -> {
            long newId = tasks.insert(t);
            events.record(projectId, user == null ? null : user.id(), "task", (int) newId, "Task ID " + newId + " queued for running");
            return newId;
        });
        if (secret != null) {
            secrets.put(id, r.secret());
        }
        Task created = t.withId(id); // the row as inserted, with the template's and user's names the reads join in
        hub.update(created);
        if (pool != null) {
            pool.wake();
        }
        return created;
    }

    /** Every task not finished yet, on any node: the administrators' queue view ({@code GET /api/tasks}). */
    public List<Task> unfinished() {
        return tasks.unfinished();
    }

    /** The task with this id in whatever project (administrators' routes). */
    public Task get(long id) {
        return tasks.find(id).orElseThrow(() -> new NotFoundException("Task " + id + " not found"));
    }

    public void stop(int projectId, long id, boolean force) {
        Task t = get(projectId, id);
        if (t.status().finished()) {
            return;
        }
        if (t.status() == TaskStatus.WAITING && tasks.transition(id, TaskStatus.WAITING, TaskStatus.STOPPED)) {
            tasks.finish(id, TaskStatus.STOPPED, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            hub.update(get(projectId, id));
            return;
        }
        pool.stop(t, force);
    }

    public void confirm(int projectId, long id) {
        Task t = get(projectId, id);
        if (!tasks.transition(id, TaskStatus.WAITING_CONFIRMATION, TaskStatus.CONFIRMED)) {
            throw new ConflictException("Task " + id + " is " + t.status().json() + ", not waiting for confirmation");
        }
        hub.update(get(projectId, id));
    }

    public void reject(int projectId, long id) {
        Task t = get(projectId, id);
        if (!tasks.transition(id, TaskStatus.WAITING_CONFIRMATION, TaskStatus.REJECTED)) {
            throw new ConflictException("Task " + id + " is " + t.status().json() + ", not waiting for confirmation");
        }
        hub.update(get(projectId, id));
    }

    /** Deleting history is for administrators only, as in Semaphore, and never while the task runs. */
    public void delete(User actor, int projectId, long id) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only administrators can delete tasks");
        }
        Task t = get(projectId, id);
        if (!t.status().finished() && t.status() != TaskStatus.WAITING) {
            throw new ConflictException("Task " + id + " is " + t.status().json() + "; stop it before deleting it");
        }
        tasks.delete(projectId, id);
    }

    private static boolean bool(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    /** The JSON object a text field holds; null when blank; 400 when it is not a JSON object. */
    private static ObjectNode jsonObject(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (!(n instanceof ObjectNode object)) {
                throw new ValidationException("Field '" + field + "' must be a JSON object, e.g. {\"name\": \"value\"}");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new ValidationException("Field '" + field + "' is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static void jsonStringArray(String text) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (!n.isArray()) {
                throw new ValidationException("Field 'arguments' must be a JSON array of strings");
            }
            n.forEach(a -> {
                if (!a.isTextual()) {
                    throw new ValidationException("Field 'arguments' must hold only strings; found " + a);
                }
            });
        } catch (JsonProcessingException e) {
            throw new ValidationException("Field 'arguments' is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
