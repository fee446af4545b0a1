package io.semaphore.task.state;

import io.semaphore.runtime.process.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a task's processes run, as stored with the task (columns {@code boot_id}, {@code process_sessions}): the
 * host's boot and the sessions they lead. Together with {@code node_id} it lets the node restarted after a crash end
 * what its tasks left running, and only that: session ids are process ids, which mean nothing after a reboot.
 */
public record ProcessRecord(String bootId, List<SessionId> sessions) {

    public ProcessRecord {
        sessions = List.copyOf(sessions);
    }

    /** A task of a node with its recorded processes. */
    public record Owned(long taskId, int projectId, TaskStatus status, ProcessRecord processes) {}

    /** Space-separated {@code "<id>@<start>"}; null when there are none. */
    String sessionsText() {
        return sessions.isEmpty() ? null : sessions.stream().map(SessionId::toString).collect(Collectors.joining(" "));
    }

    /** From the stored columns; entries that cannot be read are skipped. */
    static ProcessRecord parse(String bootId, String sessionsText) {
        List<SessionId> sessions = new ArrayList<>();
        if (sessionsText != null) {
            for (String part : sessionsText.trim().split("\\s+")) {
                try {
                    sessions.add(SessionId.parse(part));
                } catch (IllegalArgumentException ignored) {
                    // not written by this version: nothing to end
                }
            }
        }
        return new ProcessRecord(bootId == null ? "" : bootId, sessions);
    }
}
