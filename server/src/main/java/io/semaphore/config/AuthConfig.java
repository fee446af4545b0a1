package io.semaphore.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Semaphore's {@code auth} block. Only {@code totp} is used; its other members (email codes, newer versions' keys)
 * are accepted and ignored so that a config.json written by Semaphore still loads.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthConfig(Totp totp) {
    public AuthConfig {
        totp = totp == null ? new Totp(false, false) : totp;
    }

    public static AuthConfig defaults() {
        return new AuthConfig(null);
    }

    /** {@code auth.totp}: whether sign-in asks for a code from users who enrolled, and whether a recovery code may replace it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Totp(boolean enabled, boolean allowRecovery) {}
}
