package io.semaphore.task.log;

import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskUpdates;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.json.Json;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Live task updates for browsers, in Semaphore's WebSocket message format. Each message is serialized once and
 * offered to every viewer allowed to see the project. Log lines go to {@link LiveTails}, which browsers' sockets read
 * at their own pace (skipping ahead when behind, never dropped); an in-process viewer offered each line that cannot
 * keep up is dropped. Either way a slow viewer never slows a task.
 */
public final class LogHub implements TaskUpdates {
    /** One connected browser. {@link #offer} must not block. */
    public interface Viewer {
        boolean canSee(int projectId);

        /** Whether this viewer asked for this task's log lines (by default: all it can see, as Semaphore sends). */
        default boolean wantsLog(long taskId) {
            return true;
        }

        /** Queues a text frame; false when the viewer's buffer is full. */
        boolean offer(String json);

        /** Drops the connection (it fell behind). */
        void drop();

        /**
         * True for a viewer that reads log lines from {@link #tails()} at its own pace (it is never offered them
         * and never dropped for them); false for one offered each line.
         */
        default boolean readsTails() {
            return false;
        }

        /** Something new to read: the viewer's writer should look now. */
        default void wake() {}
    }

    private final Set<Viewer> viewers = new CopyOnWriteArraySet<>();
    /** The newest lines of running tasks, for the viewers that read them ({@link Viewer#readsTails()}). */
    private final java.util.concurrent.atomic.AtomicInteger tailReaders = new java.util.concurrent.atomic.AtomicInteger();
    private final LiveTails tails = new LiveTails(() -> viewers.forEach(Viewer::wake));
    /**
     * Tasks whose lines and status changes this hub publishes only as {@link RemoteTaskFeed} reads them from the
     * database, never as this node writes them: several nodes write them (a remote runner's task), so only the
     * stored order is the same on every node.
     */
    private final Set<Long> fromStoreOnly = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LiveTails tails() {
        return tails;
    }

    public void add(Viewer v) {
        if (viewers.add(v) && v.readsTails()) {
            tailReaders.incrementAndGet();
        }
    }

    public void remove(Viewer v) {
        if (viewers.remove(v) && v.readsTails()) {
            tailReaders.decrementAndGet();
        }
    }

    public int viewers() {
        return viewers.size();
    }

    /**
     * From now on until its end the task's news reach this node's viewers through the feed only (see
     * {@link #fromStoreOnly}).
     */
    public void publishFromStore(long taskId) {
        fromStoreOnly.add(taskId);
    }

    /** A task deleted while published from the database only. */
    void forget(long taskId) {
        fromStoreOnly.remove(taskId);
    }

    /** The tasks published from the database only: the feed follows each of them. */
    Set<Long> publishedFromStore() {
        return Set.copyOf(fromStoreOnly);
    }

    /**
     * One output line. Besides Semaphore's fields the message carries {@code line}, the line's number in the stored
     * output: a browser that subscribed while the task ran sees where its live lines start and fetches the gap
     * (Semaphore's own UI ignores the field).
     */
    public void log(int projectId, long taskId, long line, Instant time, String text) {
        if (viewers.isEmpty() || fromStoreOnly.contains(taskId)) {
            return;
        }
        publishLine(projectId, taskId, line, time, text);
    }

    /** A line the feed read from the database. */
    void storedLine(int projectId, long taskId, long line, Instant time, String text) {
        if (!viewers.isEmpty()) {
            publishLine(projectId, taskId, line, time, text);
        }
    }

    private void publishLine(int projectId, long taskId, long line, Instant time, String text) {
        if (tailReaders.get() > 0) {
            tails.append(projectId, taskId, line, time, text);
        }
        if (viewers.size() == tailReaders.get()) {
            return; // nobody to offer it to
        }
        ObjectNode m = Json.MAPPER.createObjectNode();
        // task_id and project_id stay last: browsers read the task id from the frame's end without parsing it
        m.put("type", "log").put("output", text).put("time", time.toString()).put("line", line)
                .put("task_id", taskId).put("project_id", projectId);
        publish(projectId, taskId, m);
    }

    @Override
    public void taskChanged(Task t) {
        if (fromStoreOnly.contains(t.id())) {
            if (t.runOver() && viewers.isEmpty()) {
                fromStoreOnly.remove(t.id()); // no feed runs to publish the end and forget it; nobody to tell
            }
            return;
        }
        publishChange(t);
    }

    /** A task's state the feed read from the database; a task published from there only is forgotten at its end. */
    void storedChange(Task t) {
        if (t.runOver()) {
            fromStoreOnly.remove(t.id());
        }
        publishChange(t);
    }

    private void publishChange(Task t) {
        if (t.status().finished()) {
            tails.ended(t.id());
        }
        if (viewers.isEmpty()) {
            return;
        }
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("type", "update").put("start", t.start() == null ? null : t.start().toString())
                .put("end", t.end() == null ? null : t.end().toString()).put("status", t.status().json())
                .put("task_id", t.id()).put("template_id", t.templateId()).put("project_id", t.projectId())
                .put("version", t.version());
        // Beyond Semaphore's fields: the commit, known once the repository is checked out, so lists show it live.
        if (t.commitHash() != null && !t.commitHash().isEmpty()) {
            m.put("commit_hash", t.commitHash()).put("commit_message", t.commitMessage());
        }
        if (t.logIncomplete()) { // output lines the database refused: the page warns at once
            m.put("log_incomplete", true).put("log_lost_lines", t.logLostLines());
        }
        publish(t.projectId(), -1, m);
    }

    /** {@code taskId} is the task of a log line, or -1 for status updates (every viewer of the project gets those). */
    private void publish(int projectId, long taskId, ObjectNode message) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (Viewer v : viewers) {
            if (taskId >= 0 && v.readsTails()) {
                continue;
            }
            if ((taskId < 0 || v.wantsLog(taskId)) && v.canSee(projectId) && !v.offer(json)) {
                remove(v);
                v.drop();
            }
        }
    }
}
