package io.semaphore.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.semaphore.errors.ValidationException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A member's role in a project, and THE table of what each role may do: Semaphore's permissions, one column per
 * {@link Permission}. Every member, guests included, reads everything in the project (Semaphore's GET rule); a
 * route that changes something names the permission it needs, and the access filter asks {@link #can}. Global
 * administrators may do everything without a role. The masks ({@link #permissions}) are Semaphore's
 * (owner 15, manager 5, task_runner 1, guest 0), as {@code GET /api/project/{id}/role} reports them.
 */
public enum Role {
    //                         RUN_TASKS  UPDATE_PROJECT  MANAGE_RESOURCES  MANAGE_USERS
    OWNER("owner",             true,      true,           true,             true),
    MANAGER("manager",         true,      false,          true,             false),
    TASK_RUNNER("task_runner", true,      false,          false,            false),
    GUEST("guest",             false,     false,          false,            false);

    private final String json;
    private final Set<Permission> allowed;

    Role(String json, boolean runTasks, boolean updateProject, boolean manageResources, boolean manageUsers) {
        this.json = json;
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        if (runTasks) {
            set.add(Permission.RUN_TASKS);
        }
        if (updateProject) {
            set.add(Permission.UPDATE_PROJECT);
        }
        if (manageResources) {
            set.add(Permission.MANAGE_RESOURCES);
        }
        if (manageUsers) {
            set.add(Permission.MANAGE_USERS);
        }
        this.allowed = Collections.unmodifiableSet(set);
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Semaphore's bit mask of the role's permissions. */
    public int permissions() {
        return allowed.stream().mapToInt(Permission::bit).sum();
    }

    public boolean can(Permission p) {
        return allowed.contains(p);
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
