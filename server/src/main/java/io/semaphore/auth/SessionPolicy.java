package io.semaphore.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a browser session lasts: at most {@code lifetime} after sign-in (null: no limit, as in Semaphore) and
 * {@code idleTimeout} after its last use (Semaphore's fixed 7 days by default). From config keys
 * {@code session_lifetime_minutes} and {@code session_idle_timeout_minutes} (ours: Semaphore has none).
 */
public record SessionPolicy(Duration lifetime, Duration idleTimeout) {
    public static final Duration DEFAULT_IDLE = Duration.ofDays(7);

    public static SessionPolicy defaults() {
        return new SessionPolicy(null, DEFAULT_IDLE);
    }

    /** From the config's minutes: 0 lifetime means no limit; 0 idle timeout means Semaphore's 7 days. */
    public static SessionPolicy ofMinutes(int lifetimeMinutes, int idleMinutes) {
        return new SessionPolicy(lifetimeMinutes <= 0 ? null : Duration.ofMinutes(lifetimeMinutes),
                idleMinutes <= 0 ? DEFAULT_IDLE : Duration.ofMinutes(idleMinutes));
    }

    /** Whether a session created at {@code created} and last used at {@code lastActive} has ended by {@code now}. */
    public boolean over(Instant created, Instant lastActive, Instant now) {
        if (lastActive.plus(idleTimeout).isBefore(now)) {
            return true;
        }
        return lifetime != null && created.plus(lifetime).isBefore(now);
    }
}
