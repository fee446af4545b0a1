package io.semaphore.user;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * Makes sure a new server can be signed in to. Semaphore's container variables {@code SEMAPHORE_ADMIN},
 * {@code SEMAPHORE_ADMIN_PASSWORD}, {@code SEMAPHORE_ADMIN_NAME} and {@code SEMAPHORE_ADMIN_EMAIL} create that admin
 * when missing; with no users at all and no password given, an {@code admin} with a generated password is created
 * and the password is returned for the console (never the log).
 */
public final class FirstAdmin {
    private FirstAdmin() {}

    /** What was created: the login, and the generated password when one was generated. */
    public record Created(String login, Optional<String> generatedPassword) {}

    public static Optional<Created> ensure(UserService users, Map<String, String> env) {
        String login = env.getOrDefault("SEMAPHORE_ADMIN", "").trim();
        String password = env.getOrDefault("SEMAPHORE_ADMIN_PASSWORD", "");
        if (!password.isEmpty()) {
            String name = login.isEmpty() ? "admin" : login;
            if (users.store().findByUsername(name.toLowerCase(java.util.Locale.ROOT)).isPresent()) {
                return Optional.empty();
            }
            users.create(new UserRequest(name, env.getOrDefault("SEMAPHORE_ADMIN_NAME", "Admin"),
                    env.getOrDefault("SEMAPHORE_ADMIN_EMAIL", name + "@localhost"), password, true, false, false));
            return Optional.of(new Created(name, Optional.empty()));
        }
        if (users.store().count() > 0) {
            return Optional.empty();
        }
        String generated = randomPassword();
        String name = login.isEmpty() ? "admin" : login;
        users.create(new UserRequest(name, env.getOrDefault("SEMAPHORE_ADMIN_NAME", "Admin"),
                env.getOrDefault("SEMAPHORE_ADMIN_EMAIL", name + "@localhost"), generated, true, false, false));
        return Optional.of(new Created(name, Optional.of(generated)));
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
