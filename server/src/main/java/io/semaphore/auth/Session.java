package io.semaphore.auth;

import java.time.Instant;

/** A browser session (table {@code session}). */
public record Session(int id, int userId, Instant created, Instant lastActive, String ip, String userAgent,
                      boolean expired) {}
