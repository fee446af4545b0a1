package io.semaphore.api;

import io.javalin.security.RouteRole;
import io.semaphore.project.Permission;

/**
 * What a route requires, declared next to it in {@link Routes} and enforced for every route by {@link AccessFilter}.
 * Project levels also require membership in the project of the {@code {project_id}} path parameter (or admin).
 */
public enum Access implements RouteRole {
    /** No sign-in. */
    PUBLIC(null),
    /** Any signed-in user. */
    USER(null),
    /** A signed-in session, also one that still owes its TOTP code (the verify and recovery steps). */
    PENDING_TOTP(null),
    /** A global administrator. */
    ADMIN(null),
    /** Any member of the project, guests included (Semaphore lets every member read). */
    MEMBER(null),
    RUN_TASKS(Permission.RUN_TASKS),
    MANAGE_RESOURCES(Permission.MANAGE_RESOURCES),
    UPDATE_PROJECT(Permission.UPDATE_PROJECT),
    MANAGE_USERS(Permission.MANAGE_USERS);

    final Permission permission;

    Access(Permission permission) {
        this.permission = permission;
    }

    boolean projectLevel() {
        return this == MEMBER || permission != null;
    }
}
