package io.semaphore.task;

import io.semaphore.task.log.TaskLog;
import io.semaphore.task.log.TaskOutput;
import io.semaphore.task.run.TaskScheduler;
import io.semaphore.task.state.Stopper;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskFilter;
import io.semaphore.task.state.TemplateRunStats;
import io.semaphore.task.state.TaskLifecycle;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.task.state.TaskStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.json.Json;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting, listing, stopping, confirming and deleting tasks: the API's rules. Running them is
 * {@link TaskScheduler}'s job, status changes {@link TaskLifecycle}'s; after a successful build, {@link #autorun}
 * (a listener of the scheduler) starts its deploys.
 */
public final class TaskService {
    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TaskLog logs;
    private final TemplateService templates;
    private final References references;
    private final TaskScheduler scheduler;
    private final Clock clock;

    public TaskService(TaskStore tasks, TaskLifecycle lifecycle, TaskLog logs, TemplateService templates,
                       References references, TaskScheduler scheduler, Clock clock) {
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.logs = logs;
        this.templates = templates;
        this.references = references;
        this.scheduler = scheduler;
        this.clock = clock;
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

    /** One page of the history, newest first: at most {@code size} tasks older than task {@code beforeId} (null: the newest). */
    public Page page(int projectId, Integer templateId, Long beforeId, int size) {
        List<Task> rows = tasks.list(projectId, templateId, beforeId, size + 1); // one more tells whether older ones exist
        return rows.size() > size ? new Page(List.copyOf(rows.subList(0, size)), true) : new Page(rows, false);
    }

    /** Tasks of one page, and whether older tasks follow ({@code X-Has-Next}). */
    public record Page(List<Task> tasks, boolean hasNext) {}

    /** A page of the project's history that passes the filter, newest first, and how many pass it in all. */
    public record HistoryPage(List<Task> tasks, long total) {}

    public HistoryPage history(int projectId, TaskFilter filter, int offset, int limit) {
        return new HistoryPage(tasks.page(projectId, filter, offset, limit), tasks.count(projectId, filter));
    }

    /** A template's figures: runs, outcomes, success rate, mean duration and the last {@code recent} durations. */
    public TemplateRunStats runStats(int projectId, int templateId, int recent) {
        templates.get(projectId, templateId); // a missing template (or another project's) is a 404 naming it
        return tasks.runStats(projectId, templateId, recent);
    }

    public List<TaskOutput> output(int projectId, long id, long offset, int limit) {
        get(projectId, id);
        return logs.read(id, Math.max(0, offset), limit); // stored lines and those still on their way
    }

    /**
     * Queues a task of a template. {@code role} is the caller's role in the project (null for an administrator
     * without one, and for the server itself, whose {@code user} is null); what the request may change of the
     * template depends on it ({@link TaskOverrides}). Values invalid for everyone are 400s.
     */
    public Task start(User user, Role role, int projectId, TaskRequest r) {
        return start(user, role, projectId, r, null, null);
    }

    /** Queues the task a schedule starts: as the server (no user), carrying the schedule's id. */
    public Task startScheduled(int projectId, int scheduleId, TaskRequest r) {
        return start(null, null, projectId, r, scheduleId, null);
    }

    /** Queues a task that an incoming webhook (integration {@code integrationId}) asked for; the task carries its id. */
    public Task startByIntegration(int projectId, TaskRequest r, int integrationId) {
        return start(null, null, projectId, r, null, integrationId);
    }

    private Task start(User user, Role role, int projectId, TaskRequest r, Integer scheduleId, Integer integrationId) {
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
                branch, r.inventoryId(), user == null ? null : user.id(), integrationId, scheduleId,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), null, null, message,
                commitHash, "", buildTaskId, version,
                tpl.playbook(), tpl.name(), tpl.type(), tpl.app(), user == null ? null : user.name());
        Task created = lifecycle.queue(t, tpl.atMostOneWaitingTask());
        // Survey values of type secret travel with the task to its run, in memory only: never stored.
        scheduler.queued(created, secret == null ? null : r.secret());
        return created;
    }

    /** A successful build starts every deploy template of it that has autorun on, with this build's version. */
    public void autorun(Task build) {
        if (build.status() != TaskStatus.SUCCESS || !"build".equals(build.tplType())) {
            return;
        }
        for (Template deploy : templates.list(build.projectId(), "name", null)) {
            if ("deploy".equals(deploy.type()) && deploy.autorun() && Integer.valueOf(build.templateId()).equals(deploy.buildTemplateId())) {
                try {
                    start(null, null, build.projectId(), new TaskRequest(deploy.id(), null, null, null, null, null, null,
                            null, null, null, null, "Autorun after build " + build.id(), null, build.id(), null));
                } catch (RuntimeException e) {
                    log.warn("Could not start deploy template {} after build {}: {}", deploy.name(), build.id(), e.getMessage());
                }
            }
        }
    }

    /**
     * Stops every task of the project (or of one of its templates) that is still waiting; returns how many. Tasks
     * that started meanwhile are left alone. Each stopped task records who asked, and its log says so.
     */
    public int stopWaiting(User user, int projectId, Integer templateId) {
        Stopper by = stopper(user);
        List<Long> stopped = lifecycle.stopAllWaiting(by, projectId, templateId);
        for (long id : stopped) {
            noteStoppedWhileWaiting(id, projectId, by);
        }
        return stopped.size();
    }

    private static Stopper stopper(User user) {
        return user == null ? Stopper.SERVER : new Stopper(user.id(), user.name());
    }

    private void noteStoppedWhileWaiting(long id, int projectId, Stopper by) {
        String line = by.waitingLogLine();
        if (line != null) {
            logs.note(id, projectId, clock.instant(), line);
            logs.finish(id, projectId, clock.instant());
        }
    }

    /** Every task not finished yet, on any node: the administrators' queue view ({@code GET /api/tasks}). */
    public List<Task> unfinished() {
        return tasks.unfinished();
    }

    /** The task with this id in whatever project (administrators' routes). */
    public Task get(long id) {
        return tasks.find(id).orElseThrow(() -> new NotFoundException("Task " + id + " not found"));
    }

    /** A stop the server asks for itself (e.g. {@code max_task_duration_sec}): no user is recorded. */
    public void stop(int projectId, long id, boolean force) {
        stop(null, projectId, id, force);
    }

    /**
     * A stop asked by {@code user} (null: the server): recorded with the task ({@code stopped_by}) and written in
     * its log ("Task stopped by ...", "Task force-stopped by ...").
     */
    public void stop(User user, int projectId, long id, boolean force) {
        Stopper by = stopper(user);
        Task t = get(projectId, id);
        if (t.status().finished()) {
            return;
        }
        if (t.status() == TaskStatus.WAITING) {
            if (lifecycle.stopWaiting(t, by)) {
                noteStoppedWhileWaiting(id, projectId, by);
                return;
            }
            t = get(projectId, id); // a node claimed it meanwhile: stop it where it runs
            if (t.status().finished()) {
                return;
            }
        }
        scheduler.stop(t, force, by);
    }

    public void confirm(int projectId, long id) {
        lifecycle.decide(get(projectId, id), TaskStatus.CONFIRMED);
    }

    public void reject(int projectId, long id) {
        lifecycle.decide(get(projectId, id), TaskStatus.REJECTED);
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
