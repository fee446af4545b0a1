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

    /** Claimed by a node and not finished: counts against concurrency limits. */
    public boolean active() {
        return !finished() && this != WAITING;
    }
}
