package io.semaphore.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt with Semaphore's cost (11), so hashes move between the two systems. */
public final class Passwords {
    private static final int COST = 11;
    /**
     * Compared against when the user does not exist, so a wrong login costs as long as a wrong password. A fixed
     * hash of a random string nobody knows: computing one at class load would cost ~180 ms of every start.
     */
    private static final String DUMMY = "$2a$11$yVYgNN0QCejB2qwo0A0A8.50Na3H1LI1eRPTidk0DS243J0nUs7i2";

    private Passwords() {}

    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public static boolean matches(String password, String hash) {
        if (hash == null || hash.isEmpty()) {
            BCrypt.verifyer().verify(password.toCharArray(), DUMMY.getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
