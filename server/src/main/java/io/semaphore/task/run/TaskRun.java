package io.semaphore.task.run;

import io.semaphore.task.log.TaskLog;
import io.semaphore.task.state.ProcessRecord;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskLifecycle;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.task.state.TaskStore;
import java.util.function.BiConsumer;
import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.process.SessionId;
import io.semaphore.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed task running on this node (what Semaphore calls the task runner): builds its job, runs it through the
 * {@link JobRunner}, records every line, moves its status through {@link TaskLifecycle}, and always ends with a final
 * status, an end time and a flushed log, then tells whoever started it (a completion callback: it knows nothing of
 * the scheduler). It keeps its own copy of the row, which the lifecycle publishes after each update rather than
 * reading the row back: with hundreds of short tasks those reads were a large part of the database's work. The sessions its processes lead are stored with the
 * task (see {@link ProcessRecord}) without a write of their own where possible: with the status change to running
 * that follows the main process's start, or with the next lease renewal (within a second).
 */
public final class TaskRun implements JobListener, Runnable {
    private static final Logger log = LoggerFactory.getLogger(TaskRun.class);
    private static final long CONFIRM_POLL_MS = 300;

    private final Task task;
    private final Template template;
    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TaskLog logs;
    private final JobSpecs specs;
    private final JobRunner runner;
    private final Clock clock;
    private final String secret;
    private final Path tmpRoot;
    private final String nodeId;
    private final String bootId;
    private final BiConsumer<TaskRun, Task> onEnd;
    private volatile JobRunner.RunningJob running;
    private volatile boolean stopRequested;
    /** The row as this job last wrote it (status, start, commit). */
    private volatile Task current;
    /** The commit once the checkout reported it; stored with the next status update. */
    private volatile String commitHash;
    private volatile String commitMessage;
    private volatile boolean commitStored;
    /** The sessions of the job's processes, in start order; the first {@link #sessionsStored} are in the row. */
    private final List<SessionId> sessions = new ArrayList<>();
    private int sessionsStored;

    /**
     * @param secret the survey's secret values, travelling with the run (never stored); null when none
     * @param onEnd  called once at the very end with the row as stored, or null when its end could not be stored
     */
    TaskRun(Task task, Template template, TaskStore tasks, TaskLifecycle lifecycle, TaskLog logs, JobSpecs specs,
            JobRunner runner, Clock clock, String secret, Path tmpRoot, String nodeId, String bootId,
            BiConsumer<TaskRun, Task> onEnd) {
        this.task = task;
        this.current = task;
        this.template = template;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.logs = logs;
        this.specs = specs;
        this.runner = runner;
        this.clock = clock;
        this.secret = secret;
        this.tmpRoot = tmpRoot;
        this.nodeId = nodeId;
        this.bootId = bootId;
        this.onEnd = onEnd;
    }

    public long taskId() {
        return task.id();
    }

    public int projectId() {
        return task.projectId();
    }

    @Override
    public void run() {
        TaskStatus end = TaskStatus.ERROR;
        Path workDir = null;
        try {
            logs.openNew(task.id());
            line("Task " + task.id() + " started (template " + template.name() + ", app " + template.app() + ")");
            Files.createDirectories(tmpRoot);
            workDir = Files.createTempDirectory(tmpRoot, "task_" + task.id() + "_");
            JobSpec spec = specs.build(task, template, secret, task.userName(), workDir);
            if (stopRequested) {
                end = TaskStatus.STOPPED;
                return;
            }
            running = runner.start(spec, this);
            if (stopRequested) {
                running.stop(false);
            }
            JobResult result = running.await();
            end = switch (result.outcome()) {
                case SUCCESS -> TaskStatus.SUCCESS;
                case STOPPED -> rejected() ? TaskStatus.REJECTED : TaskStatus.STOPPED;
                case ERROR -> stopRequested ? TaskStatus.STOPPED : TaskStatus.ERROR;
            };
            // A failure's reason is already in the log, once, through the job's masker.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line("Task interrupted: the server is shutting down");
        } catch (RuntimeException | IOException e) {
            log.warn("Task {} could not run", task.id(), e);
            line("Task could not run: " + e.getMessage());
        } finally {
            Task last = null;
            try {
                line("Task " + task.id() + " finished: " + end.json());
                long lost = logs.finish(task.id(), task.projectId(), now()).lostLines();
                if (lost > 0) {
                    line("Warning: " + lost + " output lines of this task could not be stored (the database refused"
                            + " them): its log is incomplete");
                    lost += logs.finish(task.id(), task.projectId(), now()).lostLines();
                }
                last = finish(end, lost);
            } catch (RuntimeException e) {
                // The slot is freed all the same; the lease is no longer renewed, so the task ends as failed.
                log.error("Task {}: could not store its end ({}); it is marked failed when its lease runs out",
                        task.id(), e.toString());
            } finally {
                PrivateFiles.deleteQuietly(workDir);
                onEnd.accept(this, last);
            }
        }
    }

    /**
     * Final status, end time, lines lost, the commit if not stored yet and the event, in one transaction. Its
     * processes have ended (the job awaited them), so their sessions are forgotten.
     */
    private Task finish(TaskStatus end, long lostLines) {
        Task last = lifecycle.finished(current, end, lostLines, unstoredCommit(), template.name());
        commitStored = true;
        current = last;
        return last;
    }

    /** The commit when the checkout reported one that is not stored yet, else null. */
    private TaskLifecycle.Commit unstoredCommit() {
        return commitHash != null && !commitStored ? new TaskLifecycle.Commit(commitHash, commitMessage) : null;
    }

    /** A stop asked on this node, with the log line saying who asked (null: none); the whole process tree goes. */
    void stop(boolean force, String note) {
        if (note != null) {
            line(note);
        }
        stop(force);
    }

    /** A stop asked through another node, seen in the database: its log line (if any) is written once. */
    void stopNoticed(boolean force, String note) {
        if (stopRequested) {
            return;
        }
        stop(force, note);
    }

    /** A stop asked on this node (or noticed in the database): the whole process tree goes. */
    void stop(boolean force) {
        stopRequested = true;
        JobRunner.RunningJob r = running;
        if (r != null) {
            r.stop(force);
        }
    }

    private boolean rejected() {
        return tasks.find(task.id()).map(t -> t.status() == TaskStatus.REJECTED).orElse(false);
    }

    @Override
    public void log(Instant time, String line) {
        logs.append(task.id(), task.projectId(), time, line);
    }

    /**
     * A process of the job started (in a session of its own). Stored at once when the task already runs (a later
     * process, such as terraform's apply); before that with the status change to running that comes next for the
     * main process, or with the lease renewal for the processes before it (checkout, requirements).
     */
    @Override
    public void processStarted(SessionId session) {
        ProcessRecord unstored;
        synchronized (this) {
            sessions.add(session);
            if (current.status() != TaskStatus.RUNNING) {
                return;
            }
            unstored = unstoredProcesses();
        }
        try {
            tasks.recordProcesses(task.id(), nodeId, unstored);
            processesStored(unstored);
        } catch (RuntimeException e) {
            log.warn("Task {}: could not record its process session ({}); the lease renewal tries again", task.id(),
                    e.toString());
        }
    }

    /** The job's processes when some are not stored yet, else null. */
    synchronized ProcessRecord unstoredProcesses() {
        return sessions.size() == sessionsStored ? null : new ProcessRecord(bootId, sessions);
    }

    /** {@code stored} is in the row now (the list only grows, so its size says how much of it). */
    synchronized void processesStored(ProcessRecord stored) {
        sessionsStored = Math.max(sessionsStored, stored.sessions().size());
    }

    /** Kept until the next status update, which stores it in the same transaction. */
    @Override
    public void commit(String hash, String message) {
        commitMessage = message == null ? "" : message; // the checkout reports at most 100 characters
        commitHash = hash;
        commitStored = false;
        current = current.with(c -> c.commit(commitHash, commitMessage));
    }

    @Override
    public void running() {
        if (current.status() == TaskStatus.RUNNING) {
            return; // a later main process of the same run (terraform's apply after its plan)
        }
        Instant at = now();
        ProcessRecord processes = unstoredProcesses();
        TaskLifecycle.Commit commit = unstoredCommit();
        // Empty when its status changed meanwhile (a stop): the lifecycle published what is stored.
        lifecycle.running(current, at, processes, commit).ifPresent(running -> {
            if (processes != null) {
                processesStored(processes);
            }
            current = running;
        });
        if (commit != null) {
            commitStored = true; // written in the same transaction either way
        }
    }

    @Override
    public boolean awaitConfirmation() throws InterruptedException {
        var waiting = lifecycle.awaitConfirmation(current);
        if (waiting.isEmpty()) {
            return false;
        }
        current = waiting.get();
        line("Plan has changes: waiting for confirmation (confirm or reject the task)");
        while (true) {
            Thread.sleep(CONFIRM_POLL_MS);
            TaskStatus s = tasks.find(task.id()).map(Task::status).orElse(TaskStatus.STOPPED);
            switch (s) {
                case CONFIRMED -> {
                    current = current.with(c -> c.status(TaskStatus.CONFIRMED)); // as a person stored it
                    running();
                    line("Confirmed: applying the plan");
                    return true;
                }
                case REJECTED -> {
                    line("Rejected: the plan is not applied");
                    return false;
                }
                case STOPPING, STOPPED, ERROR -> {
                    return false;
                }
                default -> {
                    if (stopRequested) {
                        return false;
                    }
                }
            }
        }
    }

    /** A line of the engine's own, which the output cap does not hold back. */
    private void line(String text) {
        logs.note(task.id(), task.projectId(), now(), text);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
