package io.semaphore.task;

/**
 * Told when a task this node ran has ended and its final row is stored (success, error, stopped, rejected).
 * Registered at composition ({@link TaskPool#onTaskEnd}); called on the job's thread, so it must return at once
 * and never throw (notifiers hand their work to a thread of their own).
 */
@FunctionalInterface
public interface TaskEndListener {
    void taskEnded(Task task);
}
