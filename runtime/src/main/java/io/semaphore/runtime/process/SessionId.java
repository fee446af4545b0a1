package io.semaphore.runtime.process;

/**
 * A session a process was started in (through {@code setsid}): its id, which is the leader's pid, and the leader's
 * start time in clock ticks since boot. The start time tells this session apart from a later one whose leader got
 * the same pid once every process of this one had ended. Written as {@code "<id>@<ticks>"}.
 */
public record SessionId(long id, long leaderStart) {

    public SessionId {
        if (id <= 1 || leaderStart < 0) {
            throw new IllegalArgumentException("not a session of a started process: " + id + "@" + leaderStart);
        }
    }

    /** Reads {@code "<id>@<ticks>"}; throws IllegalArgumentException for anything else. */
    public static SessionId parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not a session id: " + text);
        }
        try {
            return new SessionId(Long.parseLong(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a session id: " + text, e);
        }
    }

    @Override
    public String toString() {
        return id + "@" + leaderStart;
    }
}
