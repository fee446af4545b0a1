package io.semaphore.task.state;

import io.semaphore.db.Database;
import io.semaphore.errors.ConflictException;
import io.semaphore.event.EventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The one place a task's status changes (as Semaphore's task runner has one set-status): each move is checked
 * against {@link TaskStatus#canMoveTo} (an illegal one throws {@link IllegalTaskMove} before anything is written),
 * stored (with a compare-and-set where another node or request may change the row at the same time), recorded as an
 * event where Semaphore records one, and published through {@link TaskUpdates}.
 * <p>
 * The status checked is the one the caller knows: the row it read, or the copy a running task keeps of what it
 * wrote. Publishing that copy rather than reading the row back after each write matters with hundreds of short
 * tasks; where the row may have changed meanwhile (a failed compare-and-set, a stop) it is read back.
 */
public final class TaskLifecycle {
    private final Database db;
    private final TaskStore tasks;
    private final EventStore events;
    private final TaskUpdates updates;
    private final Clock clock;

    /** A commit checked out by a run and not stored yet; written in the same transaction as the next status. */
    public record Commit(String hash, String message) {}

    public TaskLifecycle(Database db, TaskStore tasks, EventStore events, TaskUpdates updates, Clock clock) {
        this.db = db;
        this.tasks = tasks;
        this.events = events;
        this.updates = updates;
        this.clock = clock;
    }

    /** A new waiting task: stored with its event; returns it with its id. */
    public Task queue(Task t) {
        return queue(t, false);
    }

    /**
     * A new waiting task, as {@link #queue(Task)}; with {@code atMostOneWaiting} (a template's option) refused with
     * a 409 while another task of its template waits, checked and inserted under the claim lock so that two
     * requests at once cannot both queue one.
     */
    public Task queue(Task t, boolean atMostOneWaiting) {
        if (t.status() != TaskStatus.WAITING) {
            throw new IllegalArgumentException("A new task is waiting, not " + t.status().json());
        }
        long id = db.tx(h -> {
            if (atMostOneWaiting) {
                Long waiting = tasks.lockedWaitingOf(t.templateId());
                if (waiting != null) {
                    throw new ConflictException("Template " + t.tplAlias() + " allows at most one waiting task and task "
                            + waiting + " is waiting; this request was not queued");
                }
            }
            long newId = tasks.insert(t);
            events.record(t.projectId(), t.userId(), "task", (int) newId, "Task ID " + newId + " queued for running");
            return newId;
        });
        Task created = t.with(c -> c.id(id)); // the row as inserted, with the template's and user's names the reads join in
        updates.taskChanged(created);
        return created;
    }

    /**
     * waiting → starting for {@code nodeId}, within the limits, with its event; empty when another node took it
     * first or a limit is reached.
     */
    public Optional<Task> claim(Task waiting, String nodeId, Instant leaseUntil, TaskStore.Limits limits,
                                String templateName) {
        return claimed(waiting, () -> tasks.claim(waiting.id(), nodeId, leaseUntil, limits),
                "Task ID " + waiting.id() + " (" + templateName + ") is running");
    }

    /**
     * waiting → starting for remote runner {@code runnerId} (its poll takes the task), within the limits, with its
     * event; empty when another runner or node took it first or a limit is reached.
     */
    public Optional<Task> claimForRunner(Task waiting, int runnerId, String runnerName, Instant leaseUntil,
                                         TaskStore.Limits limits, String templateName) {
        return claimed(waiting, () -> tasks.claimForRunner(waiting.id(), runnerId, leaseUntil, limits),
                "Task ID " + waiting.id() + " (" + templateName + ") is running on runner " + runnerName);
    }

    /** waiting → starting through {@code claim} (a compare-and-set), with {@code event} in its transaction. */
    private Optional<Task> claimed(Task waiting, BooleanSupplier claim, String event) {
        check(waiting, TaskStatus.STARTING);
        boolean claimed = db.tx(h -> {
            if (!claim.getAsBoolean()) {
                return false; // another node or runner took it, or started what a limit allows
            }
            events.record(waiting.projectId(), null, "task", (int) waiting.id(), event);
            return true;
        });
        if (!claimed) {
            return Optional.empty();
        }
        Task starting = waiting.with(c -> c.status(TaskStatus.STARTING));
        updates.taskChanged(starting);
        return Optional.of(starting);
    }

    /**
     * starting → waiting: a runner took the task and went silent before it started it, so nothing of it ran; the
     * one move back the engine makes (not in {@link TaskStatus#canMoveTo}, which describes runs). False when the
     * task moved on meanwhile.
     */
    public boolean requeue(Task starting, int runnerId) {
        if (starting.status() != TaskStatus.STARTING) {
            throw new IllegalTaskMove(starting.id(), starting.status(), TaskStatus.WAITING);
        }
        if (!tasks.requeue(starting.id(), runnerId)) {
            return false;
        }
        publishStored(starting.id());
        return true;
    }

    /**
     * starting/confirmed → running at {@code at}, with the processes and commit not stored yet (either may be null).
     * Empty when the status changed meanwhile (a stop): then the stored row is published.
     */
    public Optional<Task> running(Task current, Instant at, ProcessRecord processes, Commit commit) {
        check(current, TaskStatus.RUNNING);
        boolean started = db.tx(h -> {
            storeCommit(current.id(), commit);
            return tasks.setStarted(current.id(), at, processes);
        });
        if (!started) {
            publishStored(current.id());
            return Optional.empty();
        }
        Task running = current.with(c -> c.status(TaskStatus.RUNNING).start(at));
        updates.taskChanged(running);
        return Optional.of(running);
    }

    /** running → waiting_confirmation (a plan with changes); empty when the status changed meanwhile. */
    public Optional<Task> awaitConfirmation(Task current) {
        check(current, TaskStatus.WAITING_CONFIRMATION);
        if (!tasks.transition(current.id(), TaskStatus.RUNNING, TaskStatus.WAITING_CONFIRMATION)) {
            return Optional.empty();
        }
        Task waiting = current.with(c -> c.status(TaskStatus.WAITING_CONFIRMATION));
        updates.taskChanged(waiting);
        return Optional.of(waiting);
    }

    /** A person's answer to a plan: waiting_confirmation → confirmed or rejected; 409 when it is not waiting. */
    public void decide(Task t, TaskStatus answer) {
        if (answer != TaskStatus.CONFIRMED && answer != TaskStatus.REJECTED) {
            throw new IllegalArgumentException("A plan is confirmed or rejected, not " + answer.json());
        }
        if (!tasks.transition(t.id(), TaskStatus.WAITING_CONFIRMATION, answer)) {
            throw new ConflictException("Task " + t.id() + " is " + t.status().json() + ", not waiting for confirmation");
        }
        publishStored(t.id());
    }

    /** waiting → stopped, before any node claimed it; false when a node claimed it first. */
    public boolean stopWaiting(Task t) {
        return stopWaiting(t, Stopper.SERVER);
    }

    /** As {@link #stopWaiting(Task)}, recording who asked ({@code stopped_by}) in the same transaction. */
    public boolean stopWaiting(Task t, Stopper by) {
        check(t, TaskStatus.STOPPED);
        boolean stopped = db.tx(h -> {
            if (!tasks.transition(t.id(), TaskStatus.WAITING, TaskStatus.STOPPED)) {
                return false;
            }
            if (by.userId() != null) {
                tasks.setStoppedBy(t.id(), by.userId());
            }
            tasks.finish(t.id(), TaskStatus.STOPPED, now());
            return true;
        });
        if (stopped) {
            publishStored(t.id());
        }
        return stopped;
    }

    /**
     * waiting → stopped for every waiting task of a project (or of one of its templates), with one event; returns
     * the ids stopped. Tasks a node claimed meanwhile are left alone.
     */
    public java.util.List<Long> stopAllWaiting(Stopper by, int projectId, Integer templateId) {
        java.util.List<Long> stopped = new java.util.ArrayList<>();
        for (long id : tasks.waitingIds(projectId, templateId)) {
            Optional<Task> t = tasks.find(projectId, id);
            if (t.isPresent() && t.get().status() == TaskStatus.WAITING && stopWaiting(t.get(), by)) {
                stopped.add(id);
            }
        }
        if (!stopped.isEmpty()) {
            events.record(projectId, by.userId(), templateId == null ? "project" : "template",
                    templateId == null ? projectId : templateId, "Stopped " + stopped.size() + " waiting task(s)");
        }
        return stopped;
    }

    /** A stop asked of a claimed task: → stopping; the node running it sees it (here, or on its next tick). */
    public void stopping(Task t) {
        stopping(t, Stopper.SERVER);
    }

    /** As {@link #stopping(Task)}, recording who asked ({@code stopped_by}) in the same transaction. */
    public void stopping(Task t, Stopper by) {
        stopping(t, by, false);
    }

    /**
     * As {@link #stopping(Task, Stopper)}, also recording whether the stop is forced, so that a node which sees it
     * in the database (the stop was asked through another node) kills the task's processes at once.
     */
    public void stopping(Task t, Stopper by, boolean forced) {
        check(t, TaskStatus.STOPPING);
        db.run(h -> {
            tasks.setStatus(t.id(), TaskStatus.STOPPING);
            if (by.userId() != null) {
                tasks.setStoppedBy(t.id(), by.userId());
            }
            if (forced) {
                tasks.setStopForced(t.id());
            }
        });
        publishStored(t.id());
    }

    /** stopping → stopped at once, for a task no node runs any more (a forced stop while its node is gone). */
    public void stoppedWithoutNode(Task t) {
        check(t.with(c -> c.status(TaskStatus.STOPPING)), TaskStatus.STOPPED);
        tasks.finish(t.id(), TaskStatus.STOPPED, now());
        publishStored(t.id());
    }

    /**
     * The end of a run on this node: final status, end time, lines lost, the commit not stored yet, and the event, in
     * one transaction; its processes have ended, so their sessions are forgotten. Returns the row as written.
     */
    public Task finished(Task current, TaskStatus end, long lostLines, Commit commit, String templateName) {
        check(current, end);
        Instant at = now();
        db.run(h -> {
            tasks.finish(current.id(), end, at, lostLines, true);
            storeCommit(current.id(), commit);
            events.record(current.projectId(), null, "task", (int) current.id(),
                    "Task ID " + current.id() + " (" + templateName + ") finished - " + end.json().toUpperCase());
        });
        Task last = current.with(c -> c.status(end).end(at).logLostLines(current.logLostLines() + lostLines));
        updates.taskChanged(last);
        return last;
    }

    /** A task whose node stopped renewing its lease: → error. Its processes stay recorded for that node to end. */
    public void failedExpired(Task t, long lostLines) {
        check(t, TaskStatus.ERROR);
        tasks.finish(t.id(), TaskStatus.ERROR, now(), lostLines, false);
        publishStored(t.id());
    }

    /**
     * A task this node left unfinished when it stopped: → error, its processes forgotten (this node ended them).
     * False when it was finished meanwhile (another node failed it): then only its processes are forgotten.
     */
    public boolean failedLeftover(ProcessRecord.Owned left, long lostLines) {
        if (!left.status().finished() && !left.status().canMoveTo(TaskStatus.ERROR)) {
            throw new IllegalTaskMove(left.taskId(), left.status(), TaskStatus.ERROR);
        }
        if (!tasks.finishLeftover(left.taskId(), TaskStatus.ERROR, now(), lostLines)) {
            return false;
        }
        publishStored(left.taskId());
        return true;
    }

    private void check(Task t, TaskStatus next) {
        if (!t.status().canMoveTo(next)) {
            throw new IllegalTaskMove(t.id(), t.status(), next);
        }
    }

    private void storeCommit(long id, Commit commit) {
        if (commit != null) {
            tasks.setCommit(id, commit.hash(), commit.message());
        }
    }

    private void publishStored(long id) {
        tasks.find(id).ifPresent(updates::taskChanged);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
