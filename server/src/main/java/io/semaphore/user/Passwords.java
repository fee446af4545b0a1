package io.semaphore.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.semaphore.errors.ValidationException;
import java.nio.charset.StandardCharsets;

/** bcrypt with Semaphore's cost (11), so hashes move between the two systems. */
public final class Passwords {
    private static final int COST = 11;
    /** bcrypt reads at most this many bytes of a password; longer ones are refused rather than cut silently. */
    public static final int MAX_BYTES = 72;
    public static final String TOO_LONG = "Password is longer than " + MAX_BYTES + " bytes, bcrypt's limit; use a shorter one";
    /**
     * Compared against when the user does not exist, so a wrong login costs as long as a wrong password. A fixed
     * hash (same cost as real ones) of a random string nobody knows: computing one at class load would cost
     * ~180 ms of every start.
     */
    private static final String DUMMY = "$2a$11$yVYgNN0QCejB2qwo0A0A8.50Na3H1LI1eRPTidk0DS243J0nUs7i2";

    private Passwords() {}

    /** Refuses a password bcrypt cannot take whole (over {@value #MAX_BYTES} bytes of UTF-8) with a 400. */
    public static void checkLength(String password) {
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ValidationException(TOO_LONG);
        }
    }

    public static String hash(String password) {
        checkLength(password);
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    /**
     * Whether {@code password} matches {@code hash}. With no hash (unknown user, or one who signs in elsewhere) it
     * still runs bcrypt once against a dummy hash, so the answer takes as long either way.
     */
    public static boolean matches(String password, String hash) {
        checkLength(password);
        if (hash == null || hash.isEmpty()) {
            BCrypt.verifyer().verify(password.toCharArray(), DUMMY.getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
