package io.semaphore.task.state;

/** Where a task's changes are told (the browsers' live sockets); implemented by the log hub. Must not block. */
public interface TaskUpdates {
    /** The task as it is now stored (status, start, end, commit). */
    void taskChanged(Task task);
}
