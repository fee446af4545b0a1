package io.semaphore.task;

import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed task running on this node: builds its job, runs it through the {@link JobRunner}, records every
 * line and status change, and always ends with a final status, an end time and a flushed log.
 */
final class LocalJob implements JobListener, Runnable {
    private static final Logger log = LoggerFactory.getLogger(LocalJob.class);
    private static final long CONFIRM_POLL_MS = 300;

    private final Task task;
    private final Template template;
    private final TaskPool pool;
    private final TaskStore tasks;
    private final LogWriter logs;
    private final LogHub hub;
    private final JobSpecs specs;
    private final JobRunner runner;
    private final Clock clock;
    private final String secret;
    private final Path tmpRoot;
    private volatile JobRunner.RunningJob running;
    private volatile boolean stopRequested;

    LocalJob(Task task, Template template, TaskPool pool, TaskStore tasks, LogWriter logs, LogHub hub, JobSpecs specs,
             JobRunner runner, Clock clock, String secret, Path tmpRoot) {
        this.task = task;
        this.template = template;
        this.pool = pool;
        this.tasks = tasks;
        this.logs = logs;
        this.hub = hub;
        this.specs = specs;
        this.runner = runner;
        this.clock = clock;
        this.secret = secret;
        this.tmpRoot = tmpRoot;
    }

    long taskId() {
        return task.id();
    }

    @Override
    public void run() {
        TaskStatus end = TaskStatus.ERROR;
        Path workDir = null;
        try {
            logs.open(task.id());
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
            if (result.outcome() == JobResult.Outcome.ERROR && !result.reason().isEmpty()) {
                line("Task failed: " + result.reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line("Task interrupted: the server is shutting down");
        } catch (RuntimeException | IOException e) {
            log.warn("Task {} could not run", task.id(), e);
            line("Task could not run: " + e.getMessage());
        } finally {
            line("Task " + task.id() + " finished: " + end.json());
            logs.flush(task.id());
            tasks.finish(task.id(), end, now());
            tasks.find(task.id()).ifPresent(hub::update);
            deleteQuietly(workDir);
            pool.finished(this, end);
        }
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

    @Override
    public void commit(String hash, String message) {
        tasks.setCommit(task.id(), hash, message == null ? "" : message);
    }

    @Override
    public void running() {
        tasks.setStarted(task.id(), now());
        tasks.find(task.id()).ifPresent(hub::update);
    }

    @Override
    public boolean awaitConfirmation() throws InterruptedException {
        if (!tasks.transition(task.id(), TaskStatus.RUNNING, TaskStatus.WAITING_CONFIRMATION)) {
            return false;
        }
        tasks.find(task.id()).ifPresent(hub::update);
        line("Plan has changes: waiting for confirmation (confirm or reject the task)");
        while (true) {
            Thread.sleep(CONFIRM_POLL_MS);
            TaskStatus s = tasks.find(task.id()).map(Task::status).orElse(TaskStatus.STOPPED);
            switch (s) {
                case CONFIRMED -> {
                    tasks.setStarted(task.id(), now());
                    tasks.find(task.id()).ifPresent(hub::update);
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

    private void line(String text) {
        logs.append(task.id(), task.projectId(), now(), text);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder; nothing else to do
        }
    }
}
