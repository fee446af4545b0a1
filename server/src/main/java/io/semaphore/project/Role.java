package io.semaphore.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.semaphore.errors.ValidationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A member's role in a project, with Semaphore's permission masks (owner 15, manager 5, task_runner 1, guest 0). */
public enum Role {
    OWNER("owner", 15),
    MANAGER("manager", 5),
    TASK_RUNNER("task_runner", 1),
    GUEST("guest", 0);

    private final String json;
    private final int permissions;

    Role(String json, int permissions) {
        this.json = json;
        this.permissions = permissions;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public int permissions() {
        return permissions;
    }

    public boolean can(Permission p) {
        return (permissions & p.bit()) != 0;
    }

    @JsonCreator
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.json.equals(value)) {
                return r;
            }
        }
        throw new ValidationException("Field 'role' is '" + value + "'; allowed: "
                + Arrays.stream(values()).map(Role::json).collect(Collectors.joining(", ")));
    }
}
