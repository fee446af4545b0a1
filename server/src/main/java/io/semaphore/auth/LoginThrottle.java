package io.semaphore.auth;

import io.semaphore.errors.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows password guessing without letting one address lock others out. Failures are counted per (account,
 * address) and per address; past a number of free failures each further one doubles the wait before the next try
 * (from {@link #FIRST_DELAY} up to {@link #MAX_DELAY}). An account attacked from many addresses at once (failures
 * from {@value #SPREAD} or more addresses) gets a brake of its own: every address that has failed on it waits after
 * its first failure instead of its fifth. An address that has not failed on the account is never held back by the
 * account's records, so its owner can still sign in from a clean address. A success forgets the (account,
 * address) record; a record with no failure for {@link #MEMORY} is forgotten. Kept in memory per node: a restart
 * forgets it, which is acceptable for a brake.
 */
public final class LoginThrottle {
    /** Failures of one account from one address before waits start. */
    static final int PAIR_FREE = 5;
    /** Failures from one address, over all accounts, before waits start. */
    static final int ADDRESS_FREE = 20;
    /** Distinct failing addresses that put an account under the brake. */
    static final int SPREAD = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration MEMORY = Duration.ofHours(1);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Failures> pairs = new HashMap<>();
    private final Map<String, Failures> addresses = new HashMap<>();
    /** Per account: each failing address and when it last failed. */
    private final Map<String, Map<String, Instant>> failingAddresses = new HashMap<>();
    private Instant lastSweep = Instant.MIN;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private static final class Failures {
        int count;
        Instant last;
    }

    /** Throws 429 when {@code address} has to wait before trying {@code account} again. */
    public synchronized void check(String account, String address) {
        Instant now = clock.instant();
        sweep(now);
        Instant until = max(lockedUntil(addresses.get(address), ADDRESS_FREE),
                lockedUntil(pairs.get(pair(account, address)), underBrake(account, now) ? 1 : PAIR_FREE));
        if (until != null && until.isAfter(now)) {
            long wait = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
            throw new TooManyRequestsException("Too many failed sign-in attempts; try again in " + wait + " seconds", wait);
        }
    }

    public synchronized void failed(String account, String address) {
        Instant now = clock.instant();
        count(pairs.computeIfAbsent(pair(account, address), k -> new Failures()), now);
        count(addresses.computeIfAbsent(address, k -> new Failures()), now);
        failingAddresses.computeIfAbsent(account, k -> new HashMap<>()).put(address, now);
    }

    public synchronized void succeeded(String account, String address) {
        pairs.remove(pair(account, address));
        Map<String, Instant> failing = failingAddresses.get(account);
        if (failing != null) {
            failing.remove(address);
        }
    }

    private boolean underBrake(String account, Instant now) {
        Map<String, Instant> failing = failingAddresses.get(account);
        if (failing == null) {
            return false;
        }
        failing.values().removeIf(t -> forgotten(t, now));
        return failing.size() >= SPREAD;
    }

    /** When the next try is allowed after these failures with {@code free} of them free; null: now. */
    private static Instant lockedUntil(Failures f, int free) {
        if (f == null || f.count < free) {
            return null;
        }
        return f.last.plus(delay(f.count - free));
    }

    /** {@link #FIRST_DELAY} doubled {@code doublings} times, at most {@link #MAX_DELAY}. */
    static Duration delay(int doublings) {
        if (doublings >= 30) {
            return MAX_DELAY;
        }
        Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private static void count(Failures f, Instant now) {
        if (f.last != null && forgotten(f.last, now)) {
            f.count = 0; // not swept yet, but as good as
        }
        f.count++;
        f.last = now;
    }

    private static boolean forgotten(Instant lastFailure, Instant now) {
        return lastFailure.plus(MEMORY).isBefore(now);
    }

    /** Drops forgotten records now and then, so memory follows recent failures only. */
    private void sweep(Instant now) {
        if (lastSweep.plus(SWEEP_EVERY).isAfter(now)) {
            return;
        }
        lastSweep = now;
        pairs.values().removeIf(f -> forgotten(f.last, now));
        addresses.values().removeIf(f -> forgotten(f.last, now));
        failingAddresses.values().forEach(m -> m.values().removeIf(t -> forgotten(t, now)));
        failingAddresses.values().removeIf(Map::isEmpty);
    }

    private static String pair(String account, String address) {
        return account + '\n' + address;
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
