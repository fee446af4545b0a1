package io.semaphore.project;

/** Semaphore's project permission bits; a role is a set of them. */
public enum Permission {
    RUN_TASKS(1),
    UPDATE_PROJECT(2),
    MANAGE_RESOURCES(4),
    MANAGE_USERS(8);

    private final int bit;

    Permission(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
