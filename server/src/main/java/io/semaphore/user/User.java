package io.semaphore.user;

import java.time.Instant;

/**
 * A person who signs in. JSON as Semaphore's {@code User}; the password hash is not part of this record at all
 * (see {@link UserStore#passwordHash}), so it can never be serialized by accident.
 */
public record User(int id, Instant created, String username, String name, String email, boolean admin,
                   boolean external, boolean alert) {}
