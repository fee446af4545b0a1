package io.semaphore.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt with Semaphore's cost (11), so hashes move between the two systems. */
public final class Passwords {
    private static final int COST = 11;
    /** Compared against when the user does not exist, so a wrong login costs as long as a wrong password. */
    private static final String DUMMY = hash("not-a-real-password");

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
