package io.semaphore.auth;

import java.time.Instant;

/**
 * A browser session (table {@code session}). {@code verified} is false while the user still owes the second factor
 * (TOTP code) of their sign-in: such a session reaches only the verify, recovery and sign-out routes.
 */
public record Session(int id, int userId, Instant created, Instant lastActive, String ip, String userAgent,
                      boolean expired, boolean verified) {
    /** {@code session.verification_method}, as Semaphore's: none, or a TOTP code. */
    public static final int VERIFY_NONE = 0;
    public static final int VERIFY_TOTP = 1;
}
