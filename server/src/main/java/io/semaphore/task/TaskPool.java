package io.semaphore.task;

import io.semaphore.config.Config;
import io.semaphore.db.Database;
import io.semaphore.errors.ConflictException;
import io.semaphore.event.EventStore;
import io.semaphore.project.Project;
import io.semaphore.project.ProjectStore;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.process.ProcessRunner;
import io.semaphore.runtime.process.SessionId;
import io.semaphore.runtime.process.Sessions;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs waiting tasks on this node. One scheduler thread wakes when a task is queued (or every second), takes the
 * queue oldest first and claims each task it may run through a compare-and-set in the database, so several nodes
 * on one database never run a task twice. Limits: {@code max_parallel_tasks} (this node), the project's
 * {@code max_parallel_tasks}, and one task at a time per template unless the template allows parallel runs.
 * Running tasks hold a lease that the scheduler renews; a task whose lease ran out (its node died) is failed with
 * a log line saying why.
 * <p>
 * A node keeps its id across restarts ({@link NodeIdentity}) and stores with each task where its processes run
 * (the host's boot, the sessions they lead). Started again after a crash, it first ends the processes its tasks
 * left running and fails those tasks at once, rather than when their leases run out.
 */
public final class TaskPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskPool.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final long TICK_MS = 1000;
    private static final int QUEUE_PAGE = 50;

    private final Database db;
    private final TaskStore tasks;
    private final TaskService service;
    private final TemplateService templates;
    private final ProjectStore projects;
    private final LogWriter logs;
    private final LogHub hub;
    private final JobSpecs specs;
    private final JobRunner runner;
    private final EventStore events;
    private final Clock clock;
    private final int maxParallel;
    private final int maxTasksPerTemplate;
    private final Path tmpRoot;
    private final Map<Long, LocalJob> running = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final String bootId = Sessions.bootId();
    private volatile NodeIdentity identity;
    private volatile boolean closed;
    private Thread scheduler;

    public TaskPool(Database db, TaskStore tasks, TaskService service, TemplateService templates, ProjectStore projects,
                    LogWriter logs, LogHub hub, JobResources resources, JobRunner runner, EventStore events,
                    Config config, Clock clock) {
        this.db = db;
        this.tasks = tasks;
        this.service = service;
        this.templates = templates;
        this.projects = projects;
        this.logs = logs;
        this.hub = hub;
        this.specs = new JobSpecs(resources, config);
        this.runner = runner;
        this.events = events;
        this.clock = clock;
        this.maxParallel = config.maxParallelTasks();
        this.maxTasksPerTemplate = config.maxTasksPerTemplate();
        this.tmpRoot = Path.of(config.tmpPath());
    }

    /** This node's id; known once {@link #start()} took it. */
    public String nodeId() {
        NodeIdentity id = identity;
        if (id == null) {
            throw new IllegalStateException("the task pool has not started");
        }
        return id.id();
    }

    String bootId() {
        return bootId;
    }

    public void start() {
        identity = NodeIdentity.acquire(tmpRoot);
        service.attach(this);
        endLeftovers();
        failExpired();
        scheduler = Thread.ofVirtual().name("task-scheduler").start(this::loop);
    }

    /** A task was queued or a slot freed: look at the queue now. */
    void wake() {
        wake.release();
    }

    private void loop() {
        long lastHousekeeping = 0;
        while (!closed) {
            try {
                wake.tryAcquire(TICK_MS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (closed) {
                    return;
                }
                // Leases, stops from other nodes and dead nodes' tasks once a tick; a wake (a task queued or
                // finished) only dispatches: with hundreds of short tasks the wakes come far more often.
                long nowMs = System.currentTimeMillis();
                if (nowMs - lastHousekeeping >= TICK_MS) {
                    lastHousekeeping = nowMs;
                    renewLeases();
                    watchStops();
                    failExpired();
                }
                dispatch();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Task scheduler tick failed; trying again in a second", e);
            }
        }
    }

    /**
     * Starts waiting tasks, oldest first, while slots are free. The queue is read a page at a time: usually the
     * first page fills the free slots; tasks held back (their template or project is busy) are skipped and the
     * next page read, so a busy template never blocks the others. Templates, projects and their counts are
     * looked up once per pass.
     */
    private void dispatch() {
        Map<Integer, Template> templatesSeen = new HashMap<>();
        Map<Integer, Project> projectsSeen = new HashMap<>();
        Map<Integer, Integer> activePerTemplate = new HashMap<>();
        Map<Integer, Integer> activePerProject = new HashMap<>();
        long after = 0;
        while (freeSlot()) {
            // A page a little larger than the free slots: every finished task wakes the scheduler for one slot,
            // and reading fifty full rows each time cost more than the claim itself.
            int pageSize = maxParallel <= 0 ? QUEUE_PAGE : Math.min(QUEUE_PAGE, 2 * (maxParallel - running.size()) + 4);
            List<Task> page = tasks.waiting(after, pageSize);
            for (Task t : page) {
                after = t.id();
                if (!freeSlot()) {
                    return;
                }
                Template tpl = templatesSeen.computeIfAbsent(t.templateId(), id -> templates.get(t.projectId(), id));
                // Counted only where a limit applies (the claim counts again, under a lock, to be sure).
                if (!tpl.allowParallelTasks()
                        && activePerTemplate.computeIfAbsent(tpl.id(), id -> tasks.countActive(null, null, id)) > 0) {
                    continue;
                }
                Project p = projectsSeen.computeIfAbsent(t.projectId(), id -> projects.find(id).orElse(null));
                if (p == null) {
                    continue;
                }
                if (p.maxParallelTasks() > 0 && activePerProject.computeIfAbsent(p.id(),
                        id -> tasks.countActive(null, id, null)) >= p.maxParallelTasks()) {
                    continue;
                }
                var limits = new TaskStore.Limits(tpl.id(), !tpl.allowParallelTasks(), p.id(), p.maxParallelTasks());
                boolean claimed = db.tx(h -> {
                    if (!tasks.claim(t.id(), nodeId(), now().plus(LEASE), limits)) {
                        return false; // another node took it, or started what a limit allows
                    }
                    events.record(t.projectId(), null, "task", (int) t.id(), "Task ID " + t.id() + " (" + tpl.name() + ") is running");
                    return true;
                });
                if (!claimed) {
                    continue;
                }
                activePerTemplate.computeIfPresent(tpl.id(), (id, n) -> n + 1);
                activePerProject.computeIfPresent(p.id(), (id, n) -> n + 1);
                Task starting = t.withStatus(TaskStatus.STARTING);
                LocalJob job = new LocalJob(starting, tpl, this, db, tasks, logs, hub, specs, runner, events, clock,
                        service.takeSecret(t.id()), tmpRoot);
                running.put(t.id(), job);
                hub.update(starting);
                Thread.ofVirtual().name("task-" + t.id()).start(job);
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private boolean freeSlot() {
        return maxParallel <= 0 || running.size() < maxParallel;
    }

    /**
     * Called by the job at its very end: {@code last} is the row as stored, or null when its end could not be
     * stored (then only the slot is freed).
     */
    private final java.util.List<TaskEndListener> endListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a listener told of every task this node finishes (notifications). */
    public void onTaskEnd(TaskEndListener listener) {
        endListeners.add(listener);
    }

    void finished(LocalJob job, Task last) {
        running.remove(job.taskId());
        if (last == null) {
            wake();
            return;
        }
        for (TaskEndListener l : endListeners) {
            try {
                l.taskEnded(last);
            } catch (RuntimeException e) {
                log.warn("A task end listener failed for task {}: {}", last.id(), e.toString());
            }
        }
        try {
            if (last.status() == TaskStatus.SUCCESS && "build".equals(last.tplType())) {
                autorunDeploys(last);
            }
            if (maxTasksPerTemplate > 0) {
                tasks.deleteOldest(last.templateId(), maxTasksPerTemplate);
            }
        } finally {
            wake();
        }
    }

    /** A successful build starts every deploy template of it that has autorun on, with this build's version. */
    private void autorunDeploys(Task build) {
        for (Template deploy : templates.list(build.projectId(), "name", null)) {
            if ("deploy".equals(deploy.type()) && deploy.autorun() && Integer.valueOf(build.templateId()).equals(deploy.buildTemplateId())) {
                try {
                    service.start(null, null, build.projectId(), new TaskRequest(deploy.id(), null, null, null, null, null, null,
                            null, null, null, null, "Autorun after build " + build.id(), null, build.id(), null));
                } catch (RuntimeException e) {
                    log.warn("Could not start deploy template {} after build {}: {}", deploy.name(), build.id(), e.getMessage());
                }
            }
        }
    }

    /** Stop from the API: here when this node runs it; otherwise marked in the database for its node to see. */
    void stop(Task t, boolean force) {
        LocalJob job = running.get(t.id());
        if (job == null && t.status() != TaskStatus.WAITING && !t.status().finished()) {
            tasks.setStatus(t.id(), TaskStatus.STOPPING);
            hub.update(t);
            if (force) {
                // Nobody may be running it any more (its node is gone): end it now rather than wait for the lease.
                tasks.finish(t.id(), TaskStatus.STOPPED, now());
                tasks.find(t.id()).ifPresent(hub::update);
            }
            return;
        }
        if (job == null) {
            throw new ConflictException("Task " + t.id() + " cannot be stopped in status " + t.status().json());
        }
        tasks.setStatus(t.id(), TaskStatus.STOPPING);
        tasks.find(t.id()).ifPresent(hub::update);
        job.stop(force);
    }

    /** Stops asked through another node show up as status "stopping" on a task we run. */
    private void watchStops() {
        for (LocalJob job : running.values()) {
            tasks.find(job.taskId()).filter(t -> t.status() == TaskStatus.STOPPING).ifPresent(t -> job.stop(false));
        }
    }

    /** Also stores the processes a job started since its last update (a crash loses at most a second of them). */
    private void renewLeases() {
        Instant until = now().plus(LEASE);
        for (LocalJob job : running.values()) {
            ProcessRecord processes = job.unstoredProcesses();
            tasks.renewLease(job.taskId(), nodeId(), until, processes);
            if (processes != null) {
                job.processesStored(processes);
            }
        }
    }

    /** Tasks whose node stopped renewing their lease (a crash, a lost node) end as failed, with the reason logged. */
    private void failExpired() {
        for (long id : tasks.expired(now())) {
            if (running.containsKey(id)) {
                continue;
            }
            tasks.find(id).ifPresent(t -> {
                logs.note(id, t.projectId(), now(), "Task failed: the server running it stopped or crashed"
                        + " (status was " + t.status().json() + ")");
                LogWriter.Outcome outcome = logs.finish(id, t.projectId(), now());
                // Its processes stay recorded: the node that ran them ends them when it starts again.
                tasks.finish(id, TaskStatus.ERROR, now(), outcome.lostLines(), false);
                tasks.find(id).ifPresent(hub::update);
                log.warn("Task {} was left {} by a stopped server; marked as failed", id, t.status().json());
            });
        }
    }

    /**
     * At start: what this node's tasks left when it stopped without its normal shutdown (a crash, SIGKILL). No live
     * node has this node's id, so its unfinished tasks are orphans: their processes still running on this boot of
     * the host are ended (every process of their sessions, found through /proc), then the tasks are failed with a
     * log line, at once. Tasks other nodes already failed (their leases ran out) only get their processes ended.
     * Sessions that tasks of other nodes recorded are never touched, even with the same number (a pid used again).
     */
    private void endLeftovers() {
        List<ProcessRecord.Owned> left = tasks.leftBy(nodeId());
        if (left.isEmpty()) {
            return;
        }
        Set<Long> othersSessions = new HashSet<>();
        for (ProcessRecord r : tasks.processesOfOthers(nodeId())) {
            if (r.bootId().equals(bootId)) {
                r.sessions().forEach(s -> othersSessions.add(s.id()));
            }
        }
        for (ProcessRecord.Owned task : left) {
            int ended = endProcesses(task, othersSessions);
            Instant now = now();
            String what = ended == 0 ? "" : "; " + ended + " of its processes were still running and were ended";
            if (task.status().finished()) {
                if (ended > 0) {
                    logs.note(task.taskId(), task.projectId(), now, "The server that ran this task started again: "
                            + ended + " of its processes were still running and were ended");
                }
            } else {
                logs.note(task.taskId(), task.projectId(), now, "Task failed: the server running it stopped or crashed"
                        + " (status was " + task.status().json() + ")" + what);
            }
            LogWriter.Outcome outcome = logs.finish(task.taskId(), task.projectId(), now);
            if (tasks.finishLeftover(task.taskId(), TaskStatus.ERROR, now, outcome.lostLines())) {
                tasks.find(task.taskId()).ifPresent(hub::update);
                log.warn("Task {} was left {} when this node stopped{}; marked as failed", task.taskId(),
                        task.status().json(), what);
            }
        }
    }

    /** Ends the processes a task of this node left on this boot of the host; returns how many there were. */
    private int endProcesses(ProcessRecord.Owned task, Set<Long> othersSessions) {
        ProcessRecord p = task.processes();
        if (bootId.isEmpty() || !bootId.equals(p.bootId())) {
            return 0; // recorded before a reboot (nothing of it runs), or not on Linux
        }
        List<SessionId> sessions = p.sessions().stream().filter(s -> !othersSessions.contains(s.id())).toList();
        try {
            return Sessions.end(sessions, ProcessRunner.DEFAULT_STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public int runningCount() {
        return running.size();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Stops the scheduler and every task of this node; their status becomes stopped, with a log line. */
    @Override
    public void close() {
        closed = true;
        wake();
        if (scheduler != null) {
            try {
                scheduler.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LocalJob job : running.values()) {
            logs.note(job.taskId(), job.projectId(), now(), "The server is shutting down: stopping the task");
            job.stop(true);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (!running.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        logs.close();
        if (identity != null) {
            identity.close();
        }
    }
}
