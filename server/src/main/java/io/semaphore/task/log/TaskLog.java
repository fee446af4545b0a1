package io.semaphore.task.log;

import java.time.Instant;
import java.util.List;

/**
 * A task's log, one seam whether the task runs in this process or on another node (as Woodpecker's
 * {@code server/logging}): lines appended while it runs, live to whoever watches, read back in order, and finished
 * before the task's final status is stored. {@link LogWriter} is the implementation: lines batched into the
 * database and published to the live sockets through {@link LogHub}.
 */
public interface TaskLog {
    /**
     * What {@link #finish} found: lines the database refused (the log is incomplete) and lines not stored because
     * the task reached its output cap.
     */
    record Outcome(long lostLines, long linesOverCap) {}

    /** A task just claimed from the queue, with no output yet: its lines are numbered from 1. */
    void openNew(long taskId);

    /** A line of the task's output (held to the task's output cap). */
    void append(long taskId, int projectId, Instant time, String text);

    /** A line of the engine's own (start, end, failure), which the output cap does not hold back. */
    void note(long taskId, int projectId, Instant time, String text);

    /** Waits until every line so far is stored (or refused); says what was not stored. */
    Outcome finish(long taskId, int projectId, Instant time);

    /** Lines {@code offset+1 .. offset+limit} in order ({@code limit <= 0}: all), stored or on their way. */
    List<TaskOutput> read(long taskId, long offset, int limit);

    /**
     * The task's lines and status changes are written by several nodes (a remote runner's: each of its requests may
     * reach another node): this node stops publishing them as it writes them, and every node's
     * {@link RemoteTaskFeed} publishes them from the database, in the stored order, until the task ends.
     */
    void publishFromStore(long taskId);

    /** Live lines and status changes for a viewer (a browser's socket), until {@link #unsubscribe}. */
    void subscribe(LogHub.Viewer viewer);

    void unsubscribe(LogHub.Viewer viewer);

    /** The newest lines of running tasks, which live viewers read at their own pace (skipping ahead when behind). */
    LiveTails tails();

    /** How many live viewers are connected (sockets share a read budget by it). */
    int viewers();
}
