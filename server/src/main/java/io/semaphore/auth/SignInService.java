package io.semaphore.auth;

import io.semaphore.auth.ldap.LdapDirectory;
import io.semaphore.auth.ldap.LdapUser;
import io.semaphore.auth.ldap.WrongPasswordException;
import io.semaphore.auth.oidc.OidcException;
import io.semaphore.auth.oidc.OidcService;
import io.semaphore.config.AuthConfig;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.ServiceUnavailableException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.errors.ValidationException;
import io.semaphore.user.Passwords;
import io.semaphore.user.User;
import io.semaphore.user.UserStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /api/auth/login} and the steps after it: the LDAP directory when {@code ldap_enable} (its users are
 * created or updated here and marked external), else the local password; then, for a user with TOTP while
 * {@code auth.totp.enabled}, a session that must still pass the code ({@link #verify}, {@link #recover}). Failed
 * attempts of either kind count in the same throttle; a local password is checked with bcrypt whether or not the
 * user exists.
 */
public final class SignInService {
    private final AuthService auth;
    private final UserStore users;
    private final TotpService totp;
    private final AuthConfig.Totp totpConfig;
    private final LdapDirectory ldap;
    private final Clock clock;

    /** {@code ldap}: null when {@code ldap_enable} is off. */
    public SignInService(AuthService auth, UserStore users, TotpService totp, AuthConfig.Totp totpConfig,
                         LdapDirectory ldap, Clock clock) {
        this.auth = auth;
        this.users = users;
        this.totp = totp;
        this.totpConfig = totpConfig;
        this.ldap = ldap;
        this.clock = clock;
    }

    public AuthService.LoginResult login(String login, String password, String ip, String userAgent) {
        if (login == null || login.isBlank()) {
            throw new ValidationException("Field 'auth' (login or email) is required");
        }
        if (password == null || password.isEmpty()) {
            throw new ValidationException("Field 'password' is required");
        }
        Passwords.checkLength(password);
        if (auth.passwordLoginDisabled()) {
            // Semaphore only hid the form; a user who disables password sign-in expects it to be off.
            throw new ForbiddenException("Password sign-in is disabled on this server (password_login_disabled)");
        }
        String name = login.trim().toLowerCase(Locale.ROOT);
        Optional<UserStore.SignInRow> row = users.findForSignIn(name);
        // Throttled per account (whichever of login or email was typed), not per typed string.
        String account = row.map(r -> "user:" + r.user().id()).orElse("name:" + name);
        LoginThrottle throttle = auth.throttle();
        throttle.check(account, ip);
        User user;
        try {
            user = ldap == null ? byPassword(row, password) : byDirectory(name, row, password);
        } catch (UnauthorizedException e) {
            throttle.failed(account, ip);
            throw e;
        }
        throttle.succeeded(account, ip);
        return auth.openSession(user, ip, userAgent, needsTotp(user));
    }

    /**
     * A sign-in vouched for by an OpenID Connect provider: the user with the provider's email, or a new external user
     * (as Semaphore: matched by email; a local user with that email is not taken over).
     */
    public AuthService.LoginResult oidcLogin(OidcService.Identity id, String ip, String userAgent) {
        String email = id.email().toLowerCase(Locale.ROOT);
        Optional<User> existing = users.findByEmail(email);
        User user;
        if (existing.isPresent()) {
            user = existing.get();
            if (!user.external()) {
                throw new OidcException("Your email " + email + " belongs to a local user of this server, who signs in"
                        + " with a password; ask an administrator");
            }
        } else {
            String username = (id.username() == null ? email.substring(0, email.indexOf('@') < 0 ? email.length() : email.indexOf('@'))
                    : id.username()).toLowerCase(Locale.ROOT);
            String name = id.name() == null ? username : id.name();
            try {
                user = users.insert(new User(0, clock.instant().truncatedTo(ChronoUnit.MILLIS), username, name, email,
                        false, true, false), "");
            } catch (ConflictException e) {
                throw new OidcException("The login '" + username + "' is already used by another user here; ask an"
                        + " administrator (or set username_claim of the provider)");
            }
        }
        return auth.openSession(user, ip, userAgent, needsTotp(user));
    }

    /** Whether a new session of this user must pass a TOTP code first. */
    public boolean needsTotp(User user) {
        return totpConfig.enabled() && totp.enrolled(user.id()).isPresent();
    }

    /** {@code POST /api/auth/verify}: the TOTP code of a session that owes it. */
    public void verify(Principal pending, String passcode) {
        requireTotp();
        if (passcode == null || passcode.isBlank()) {
            throw new ValidationException("Field 'passcode' (the 6-digit code of your authenticator app) is required");
        }
        passSecondStep(pending, "totp", () -> totp.verify(pending.user().id(), passcode),
                "Incorrect or already used code; enter the current code of your authenticator app");
    }

    /** {@code POST /api/auth/recovery}: the recovery code instead of a TOTP code; it also removes the TOTP. */
    public void recover(Principal pending, String recoveryCode) {
        requireTotp();
        if (!totpConfig.allowRecovery()) {
            throw new ForbiddenException("Recovery codes are turned off on this server (auth.totp.allow_recovery); ask an administrator to reset your TOTP");
        }
        if (recoveryCode == null || recoveryCode.isBlank()) {
            throw new ValidationException("Field 'recovery_code' is required");
        }
        passSecondStep(pending, "recovery", () -> totp.recover(pending.user().id(), recoveryCode),
                "Incorrect recovery code");
    }

    /**
     * The code of a session's second step ({@code step}: totp or recovery), counted by the sign-in throttle of the
     * user's account; marks the session verified when {@code code} holds, else 401 with {@code wrong}.
     */
    private void passSecondStep(Principal pending, String step, BooleanSupplier code, String wrong) {
        String account = "user:" + pending.user().id();
        auth.throttle().check(account, step);
        if (!code.getAsBoolean()) {
            auth.throttle().failed(account, step);
            throw new UnauthorizedException(wrong);
        }
        auth.throttle().succeeded(account, step);
        auth.markVerified(pending);
    }

    private void requireTotp() {
        if (!totpConfig.enabled()) {
            throw new ForbiddenException("TOTP is turned off on this server (auth.totp.enabled)");
        }
    }

    private static User byPassword(Optional<UserStore.SignInRow> row, String password) {
        Optional<UserStore.SignInRow> local = row.filter(r -> !r.user().external());
        // bcrypt runs whether or not the user exists, so the time taken does not tell which logins exist.
        boolean matches = Passwords.matches(password, local.map(UserStore.SignInRow::passwordHash).orElse(null));
        if (local.isEmpty() || !matches) {
            throw new UnauthorizedException("Incorrect login or password");
        }
        return local.get().user();
    }

    /**
     * The directory first, as Semaphore does. A login it does not know, or whose directory password does not match,
     * may still be a local user with a local password. When the directory cannot be asked, local users can still sign
     * in with their password (an administrator must not be locked out by a directory outage); anyone else gets the
     * 503.
     */
    private User byDirectory(String login, Optional<UserStore.SignInRow> row, String password) {
        boolean localUser = row.isPresent() && !row.get().user().external();
        Optional<LdapUser> found;
        try {
            found = ldap.authenticate(login, password);
        } catch (ServiceUnavailableException | WrongPasswordException e) {
            if (localUser) {
                return byPassword(row, password);
            }
            throw e;
        }
        if (found.isEmpty()) {
            return byPassword(row, password);
        }
        return provision(found.get());
    }

    /** The directory's user as a local row: created on first sign-in, name and email kept up to date, external. */
    private User provision(LdapUser d) {
        Optional<User> existing = users.findByUsername(d.username()).or(() -> users.findByEmail(d.email()));
        if (existing.isPresent()) {
            User u = existing.get();
            if (!u.external()) {
                throw new UnauthorizedException("The login or email of your directory entry belongs to a local user of"
                        + " this server; ask an administrator to rename or remove that user");
            }
            User updated = new User(u.id(), u.created(), u.username(), d.name(), d.email(), u.admin(), true, u.alert());
            if (!updated.equals(u)) {
                try {
                    users.update(updated);
                } catch (ConflictException e) {
                    throw new UnauthorizedException("Your directory entry's email " + d.email() + " is used by another user here");
                }
            }
            return updated;
        }
        try {
            return users.insert(new User(0, clock.instant().truncatedTo(ChronoUnit.MILLIS), d.username(), d.name(),
                    d.email(), false, true, false), "");
        } catch (ConflictException e) {
            throw new UnauthorizedException("Your directory entry's login or email is used by another user here");
        }
    }
}
