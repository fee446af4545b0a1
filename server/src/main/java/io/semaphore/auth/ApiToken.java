package io.semaphore.auth;

import java.time.Instant;

/**
 * An API token as Semaphore returns it. On creation {@code id} is the token itself (shown once); afterwards the
 * server only knows its SHA-256, which is what {@code id} holds in lists and what DELETE accepts (or the token).
 * {@code name} ("" when none) and {@code expires} (null: never) are ours, not Semaphore's.
 */
public record ApiToken(String id, Instant created, boolean expired, int userId, String name, Instant expires) {}
