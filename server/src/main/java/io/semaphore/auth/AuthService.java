package io.semaphore.auth;

import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.errors.ValidationException;
import io.semaphore.user.Passwords;
import io.semaphore.user.User;
import io.semaphore.user.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Sign-in with a password, sign-out, and turning a request's cookie or bearer token into a {@link Principal}.
 * Sessions live {@value #SESSION_IDLE_DAYS} days after their last use, as in Semaphore.
 */
public final class AuthService {
    static final int SESSION_IDLE_DAYS = 7;
    /** last_active is written at most this often, so reads do not turn into a write per request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final UserStore users;
    private final SessionStore sessions;
    private final TokenStore tokens;
    private final SessionCookie cookie;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final boolean passwordLoginDisabled;

    public AuthService(UserStore users, SessionStore sessions, TokenStore tokens, SessionCookie cookie,
                       LoginThrottle throttle, Clock clock, boolean passwordLoginDisabled) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.cookie = cookie;
        this.throttle = throttle;
        this.clock = clock;
        this.passwordLoginDisabled = passwordLoginDisabled;
    }

    public record LoginResult(User user, Session session, String cookieValue) {}

    /** {@code POST /api/auth/login}: {@code auth} is a login or an email. */
    public LoginResult login(String auth, String password, String ip, String userAgent) {
        if (auth == null || auth.isBlank()) {
            throw new ValidationException("Field 'auth' (login or email) is required");
        }
        if (password == null || password.isEmpty()) {
            throw new ValidationException("Field 'password' is required");
        }
        if (passwordLoginDisabled) {
            // Semaphore only hid the form; a user who disables password sign-in expects it to be off.
            throw new ForbiddenException("Password sign-in is disabled on this server (password_login_disabled)");
        }
        String login = auth.trim().toLowerCase(Locale.ROOT);
        throttle.check(login, ip);
        Optional<User> user = users.findByLoginOrEmail(login).filter(u -> !u.external());
        String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(null);
        if (user.isEmpty() || !Passwords.matches(password, hash)) {
            throttle.failed(login, ip);
            throw new UnauthorizedException("Incorrect login or password");
        }
        throttle.succeeded(login);
        Session s = sessions.create(user.get().id(), now(), ip, userAgent == null ? "" : userAgent);
        return new LoginResult(user.get(), s, cookie.encode(user.get().id(), s.id()));
    }

    /** The caller of a request, from {@code Authorization: Bearer <token>} or the {@code semaphore} cookie. */
    public Optional<Principal> authenticate(String authorization, String cookieValue) {
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            String token = authorization.substring("bearer ".length()).trim();
            return tokens.userOf(token).flatMap(users::find)
                    .map(u -> new Principal(u, null, TokenStore.digest(token.toLowerCase(Locale.ROOT))));
        }
        Optional<SessionCookie.Value> value = cookie.decode(cookieValue);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        Optional<SessionStore.WithUser> found = sessions.findWithUser(value.get().sessionId())
                .filter(f -> f.session().userId() == value.get().userId() && !f.session().expired());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session s = found.get().session();
        if (s.lastActive().plus(SESSION_IDLE_DAYS, ChronoUnit.DAYS).isBefore(now)) {
            sessions.expire(s.id());
            return Optional.empty();
        }
        if (s.lastActive().plus(TOUCH_EVERY).isBefore(now)) {
            sessions.touch(s.id(), now);
        }
        return Optional.of(new Principal(found.get().user(), s.id(), null));
    }

    /** Ends the session for good (Semaphore only cleared the cookie). */
    public void logout(Principal p) {
        if (p.sessionId() != null) {
            sessions.expire(p.sessionId());
        }
    }

    public TokenStore tokens() {
        return tokens;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
