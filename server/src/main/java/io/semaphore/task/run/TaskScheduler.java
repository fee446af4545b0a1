package io.semaphore.task.run;

import io.semaphore.task.log.TaskLog;
import io.semaphore.task.state.ProcessRecord;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskLifecycle;
import io.semaphore.task.state.Stopper;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.task.state.TaskStore;
import io.semaphore.apps.AppService;
import io.semaphore.config.Config;
import io.semaphore.errors.ConflictException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * <p>
 * Each claimed task runs as a {@link TaskRun}, which tells the scheduler its end through a callback; what follows a
 * task's end elsewhere (a build's deploys) listens through {@link #onFinished}. Status changes go through
 * {@link TaskLifecycle}.
 */
public final class TaskScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskScheduler.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final long TICK_MS = 1000;
    private static final int QUEUE_PAGE = 50;

    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TemplateService templates;
    private final ProjectStore projects;
    private final TaskLog logs;
    private final JobSpecs specs;
    private final JobRunner runner;
    private final Clock clock;
    private final int maxParallel;
    private final int maxTasksPerTemplate;
    private final Path tmpRoot;
    private final Map<Long, TaskRun> running = new ConcurrentHashMap<>();
    /** Survey secrets of tasks queued on this node, handed to their run when claimed (never stored). */
    private final Map<Long, String> secrets = new ConcurrentHashMap<>();
    private final List<Consumer<Task>> finishedListeners = new CopyOnWriteArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    private final String bootId = Sessions.bootId();
    private volatile NodeIdentity identity;
    private volatile RemoteRouting remote = RemoteRouting.NONE;
    private volatile boolean closed;
    private Thread scheduler;

    public TaskScheduler(TaskStore tasks, TaskLifecycle lifecycle, TemplateService templates, ProjectStore projects,
                         TaskLog logs, JobResources resources, AppService apps, JobRunner runner, Config config,
                         Clock clock) {
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.projects = projects;
        this.logs = logs;
        this.specs = new JobSpecs(resources, config, apps);
        this.runner = runner;
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

    /** Called with the row as stored after each task this node ran has ended (not when its end was not stored). */
    public void onFinished(Consumer<Task> listener) {
        finishedListeners.add(listener);
    }

    public void start() {
        identity = NodeIdentity.acquire(tmpRoot);
        endLeftovers();
        failExpired();
        scheduler = Thread.ofVirtual().name("task-scheduler").start(this::loop);
    }

    /** Which waiting tasks remote runners take instead of this node (before {@link #start}). */
    public void routeRemote(RemoteRouting routing) {
        this.remote = routing;
    }

    /** The survey secret of a task queued on this node, handed over once (to the runner that takes it), or null. */
    public String takeSecret(long taskId) {
        return secrets.remove(taskId);
    }

    /** A task was queued here; {@code secret} (survey values of type secret, or null) travels with its run. */
    public void queued(Task t, String secret) {
        if (secret != null) {
            secrets.put(t.id(), secret);
        }
        wake();
    }

    /** A task was queued or a slot freed: look at the queue now. */
    private void wake() {
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
                if (remote.remote(t, tpl)) {
                    continue; // a runner takes it when it polls
                }
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
                Task starting = lifecycle.claim(t, nodeId(), now().plus(LEASE), limits, tpl.name()).orElse(null);
                if (starting == null) {
                    continue; // another node took it, or started what a limit allows
                }
                activePerTemplate.computeIfPresent(tpl.id(), (id, n) -> n + 1);
                activePerProject.computeIfPresent(p.id(), (id, n) -> n + 1);
                TaskRun job = new TaskRun(starting, tpl, tasks, lifecycle, logs, specs, runner, clock,
                        secrets.remove(t.id()), tmpRoot, nodeId(), bootId, this::finished);
                running.put(t.id(), job);
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
     * A run's completion callback, at its very end: {@code last} is the row as stored, or null when its end could
     * not be stored (then only the slot is freed).
     */
    private void finished(TaskRun job, Task last) {
        running.remove(job.taskId());
        if (last == null) {
            wake();
            return;
        }
        endedElsewhere(last);
    }

    /**
     * The end of a task this node did not run (a remote runner's), as stored: the same listeners (alerts, a build's
     * deploys) and history limit as a local task's end.
     */
    public void endedElsewhere(Task last) {
        try {
            for (Consumer<Task> listener : finishedListeners) {
                try {
                    listener.accept(last);
                } catch (RuntimeException e) {
                    log.warn("After task {} ended: {}", last.id(), e.toString());
                }
            }
            if (maxTasksPerTemplate > 0) {
                tasks.deleteOldest(last.templateId(), maxTasksPerTemplate);
            }
        } finally {
            wake();
        }
    }

    /** Stop from the API: here when this node runs it; otherwise marked in the database for its node to see. */
    public void stop(Task t, boolean force) {
        stop(t, force, Stopper.SERVER);
    }

    /**
     * As {@link #stop(Task, boolean)}, recording who asked: stored with the task ({@code stopped_by}) and written
     * as a line of its log, here when this node runs it, else by the node that does when it sees the stop.
     */
    public void stop(Task t, boolean force, Stopper by) {
        TaskRun job = running.get(t.id());
        if (job == null && t.status() != TaskStatus.WAITING && !t.status().finished()) {
            lifecycle.stopping(t, by, force);
            if (force && !tasks.leaseAlive(t.id(), now())) {
                // Nobody runs it any more (its node or runner is gone): end it now rather than wait for the lease
                // to run out. While its node lives, that node sees the forced stop and kills the processes.
                String line = by.logLine(true);
                if (line != null) {
                    logs.note(t.id(), t.projectId(), now(), line);
                    logs.finish(t.id(), t.projectId(), now());
                }
                lifecycle.stoppedWithoutNode(t);
            }
            return;
        }
        if (job == null) {
            throw new ConflictException("Task " + t.id() + " cannot be stopped in status " + t.status().json());
        }
        lifecycle.stopping(t, by, force);
        job.stop(force, by.logLine(force));
    }

    /** Stops asked through another node show up as status "stopping" on a task we run (forced or not). */
    private void watchStops() {
        for (TaskRun job : running.values()) {
            tasks.find(job.taskId()).filter(t -> t.status() == TaskStatus.STOPPING).ifPresent(t -> {
                boolean forced = tasks.stopForced(t.id());
                job.stopNoticed(forced, new Stopper(t.stoppedBy(), t.stoppedByName()).logLine(forced));
            });
        }
    }

    /** Also stores the processes a job started since its last update (a crash loses at most a second of them). */
    private void renewLeases() {
        Instant until = now().plus(LEASE);
        for (TaskRun job : running.values()) {
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
                TaskLog.Outcome outcome = logs.finish(id, t.projectId(), now());
                // Its processes stay recorded: the node that ran them ends them when it starts again.
                lifecycle.failedExpired(t, outcome.lostLines());
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
            TaskLog.Outcome outcome = logs.finish(task.taskId(), task.projectId(), now);
            if (lifecycle.failedLeftover(task, outcome.lostLines())) {
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
        for (TaskRun job : running.values()) {
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
        if (identity != null) {
            identity.close();
        }
    }
}
