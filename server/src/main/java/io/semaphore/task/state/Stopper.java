package io.semaphore.task.state;

/**
 * Who asked a task to stop: a user (id and name, stored as the task's {@code stopped_by}), or the server itself
 * ({@link #SERVER}: a shutdown, {@code max_task_duration_sec}), which says why in a log line of its own.
 */
public record Stopper(Integer userId, String name) {
    public static final Stopper SERVER = new Stopper(null, null);

    /** The log line saying who stopped the task, or null for the server (its reasons are logged where they arise). */
    public String logLine(boolean force) {
        return userId == null ? null : "Task " + (force ? "force-stopped" : "stopped") + " by " + label();
    }

    /** The log line of a task stopped before it started, or null for the server. */
    public String waitingLogLine() {
        return userId == null ? null : "Task stopped by " + label() + " before it started";
    }

    private String label() {
        return name == null || name.isBlank() ? "user " + userId : name;
    }
}
