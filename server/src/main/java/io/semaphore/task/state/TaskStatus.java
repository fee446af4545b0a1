package io.semaphore.task.state;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Semaphore's task statuses plus {@code rejected} (a plan refused by a person). */
public enum TaskStatus {
    WAITING, STARTING, WAITING_CONFIRMATION, CONFIRMED, REJECTED, RUNNING, STOPPING, STOPPED, SUCCESS, ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** No further change will happen. */
    public boolean finished() {
        return this == STOPPED || this == SUCCESS || this == ERROR || this == REJECTED;
    }

    /**
     * Whether a task may go from this status to {@code next}, as the engine moves them: waiting → starting (a node
     * claimed it) → running → success/error/stopped; a plan waits for confirmation (→ confirmed → running, or →
     * rejected); a stop goes through stopping (asked again: stopping → stopping); any claimed task may fail (its
     * node died, or it could not run) or be stopped; a waiting task is only claimed or stopped. A rejected task is
     * written rejected once more when its run ends (with its end time). Nothing leaves a finished status otherwise.
     */
    public boolean canMoveTo(TaskStatus next) {
        return switch (this) {
            case WAITING -> next == STARTING || next == STOPPED;
            case STARTING -> next == RUNNING || next == STOPPING || next == SUCCESS || next == ERROR || next == STOPPED;
            case RUNNING -> next == WAITING_CONFIRMATION || next == STOPPING || next == SUCCESS || next == ERROR
                    || next == STOPPED;
            case WAITING_CONFIRMATION -> next == CONFIRMED || next == REJECTED || next == STOPPING || next == ERROR
                    || next == STOPPED;
            case CONFIRMED -> next == RUNNING || next == STOPPING || next == SUCCESS || next == ERROR || next == STOPPED;
            case STOPPING -> next == STOPPING || next == STOPPED || next == ERROR || next == SUCCESS || next == REJECTED;
            case REJECTED -> next == REJECTED;
            case SUCCESS, ERROR, STOPPED -> false;
        };
    }

    /** Claimed by a node and not finished: counts against concurrency limits. */
    public boolean active() {
        return !finished() && this != WAITING;
    }
}
