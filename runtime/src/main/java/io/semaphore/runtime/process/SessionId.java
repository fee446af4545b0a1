package io.semaphore.runtime.process;

/**
 * A session a process was started in (through {@code setsid}): its id, which is the leader's pid, and when the leader
 * started, in clock ticks since boot: exactly ({@code earliest == latest}) when it was seen running, else the ticks
 * around its start (a process that ended at once, leaving children behind). Its processes started no earlier; and a
 * process with the same pid that started at another time leads another session (every process of this one ended
 * and the pid was used again). Written as {@code "<id>@<ticks>"} or {@code "<id>@<earliest>-<latest>"}.
 */
public record SessionId(long id, long earliest, long latest) {

    public SessionId {
        if (id <= 1 || earliest < 0 || latest < earliest) {
            throw new IllegalArgumentException("not a session of a started process: " + id + "@" + earliest + "-" + latest);
        }
    }

    /** Whether a process started at {@code ticks} can be this session's leader. */
    boolean leaderMayHaveStartedAt(long ticks) {
        return ticks >= earliest && ticks <= latest;
    }

    /** Reads what {@link #toString()} writes; throws IllegalArgumentException for anything else. */
    public static SessionId parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not a session id: " + text);
        }
        try {
            String start = text.substring(at + 1);
            int dash = start.indexOf('-');
            long earliest = Long.parseLong(dash < 0 ? start : start.substring(0, dash));
            long latest = dash < 0 ? earliest : Long.parseLong(start.substring(dash + 1));
            return new SessionId(Long.parseLong(text.substring(0, at)), earliest, latest);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a session id: " + text, e);
        }
    }

    @Override
    public String toString() {
        return id + "@" + earliest + (latest == earliest ? "" : "-" + latest);
    }
}
