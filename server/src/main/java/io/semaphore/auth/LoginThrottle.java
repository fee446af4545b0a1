package io.semaphore.auth;

import io.semaphore.errors.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} failed sign-ins for one login (or from one address) within
 * {@code window}, further attempts are refused with 429 until the oldest failure leaves the window. A success
 * clears the login's record. Kept in memory: a restart forgets it, which is acceptable for a brake.
 */
public final class LoginThrottle {
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Throws 429 when this login or address has failed too often recently. */
    public void check(String login, String ip) {
        Instant now = clock.instant();
        for (String key : new String[] {"login:" + login, "ip:" + ip}) {
            int limit = key.startsWith("ip:") ? maxFailures * 4 : maxFailures;
            Deque<Instant> q = failures.get(key);
            if (q == null) {
                continue;
            }
            synchronized (q) {
                prune(q, now);
                if (q.size() >= limit) {
                    long wait = Math.max(1, Duration.between(now, q.peekFirst().plus(window)).toSeconds());
                    throw new TooManyRequestsException("Too many failed sign-in attempts; try again in " + wait
                            + " seconds", wait);
                }
            }
        }
    }

    public void failed(String login, String ip) {
        Instant now = clock.instant();
        for (String key : new String[] {"login:" + login, "ip:" + ip}) {
            Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (q) {
                prune(q, now);
                q.addLast(now);
            }
        }
    }

    public void succeeded(String login) {
        failures.remove("login:" + login);
    }

    private void prune(Deque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
            q.removeFirst();
        }
    }
}
