package io.semaphore.auth;

import io.semaphore.db.Database;
import io.semaphore.user.CredentialRevoker;
import io.semaphore.user.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with a password, sign-out, and turning a request's cookie or bearer token into a {@link Principal}.
 * Sessions end after the {@link SessionPolicy}'s idle timeout (Semaphore's 7 days by default) and lifetime. API
 * tokens end when deleted or past their own expiry. Whatever ends a session or
 * token (sign-out, token deleted, password changed, user deleted) is told to the {@link Revocation} listeners
 * once it is committed.
 */
public final class AuthService implements CredentialRevoker {
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    /** last_active is written at most this often, so reads do not turn into a write per request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Database db;
    private final UserStore users;
    private final SessionStore sessions;
    private final TokenStore tokens;
    private final SessionCookie cookie;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final boolean passwordLoginDisabled;
    private final SessionPolicy sessionPolicy;
    private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();

    public AuthService(Database db, UserStore users, SessionStore sessions, TokenStore tokens, SessionCookie cookie,
                       LoginThrottle throttle, Clock clock, boolean passwordLoginDisabled) {
        this(db, users, sessions, tokens, cookie, throttle, clock, passwordLoginDisabled, SessionPolicy.defaults());
    }

    public AuthService(Database db, UserStore users, SessionStore sessions, TokenStore tokens, SessionCookie cookie,
                       LoginThrottle throttle, Clock clock, boolean passwordLoginDisabled, SessionPolicy sessionPolicy) {
        this.sessionPolicy = Objects.requireNonNull(sessionPolicy);
        this.db = db;
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.cookie = cookie;
        this.throttle = throttle;
        this.clock = clock;
        this.passwordLoginDisabled = passwordLoginDisabled;
    }

    public record LoginResult(io.semaphore.user.User user, Session session, String cookieValue) {}

    /**
     * Opens a session for a user whose credentials the {@link SignInService} checked. {@code needsTotp}: the session
     * starts unverified and reaches nothing but the verify, recovery and sign-out routes until the code is given.
     */
    public LoginResult openSession(io.semaphore.user.User user, String ip, String userAgent, boolean needsTotp) {
        Session s = sessions.create(user.id(), now(), ip, userAgent == null ? "" : userAgent,
                needsTotp ? Session.VERIFY_TOTP : Session.VERIFY_NONE);
        return new LoginResult(user, s, cookie.encode(user.id(), s.id()));
    }

    LoginThrottle throttle() {
        return throttle;
    }

    boolean passwordLoginDisabled() {
        return passwordLoginDisabled;
    }

    /** The caller of a request, from {@code Authorization: Bearer <token>} or the {@code semaphore} cookie. */
    public Optional<Principal> authenticate(String authorization, String cookieValue) {
        if (isBearer(authorization)) {
            String token = authorization.substring("bearer ".length()).trim();
            return tokens.userOf(token, now()).flatMap(users::find)
                    .map(u -> new Principal(u, null, TokenStore.digest(token.toLowerCase(Locale.ROOT))));
        }
        return liveSession(cookieValue).filter(f -> f.session().verified())
                .map(f -> new Principal(f.user(), f.session().id(), null));
    }

    /** The caller of a session that still owes its TOTP code (none for verified sessions and API tokens). */
    public Optional<Principal> pendingVerification(String cookieValue) {
        return liveSession(cookieValue).filter(f -> !f.session().verified())
                .map(f -> new Principal(f.user(), f.session().id(), null));
    }

    /** The session's second factor was given: from now on it is an ordinary signed-in session. */
    public void markVerified(Principal p) {
        if (p.sessionId() != null) {
            sessions.verify(p.sessionId());
        }
    }

    /** Ends the session of this cookie, verified or not (sign-out). */
    public void logout(String authorization, String cookieValue) {
        if (isBearer(authorization)) {
            return; // a token is ended by deleting it, not by signing out
        }
        liveSession(cookieValue).ifPresent(f -> logout(new Principal(f.user(), f.session().id(), null)));
    }

    /** The cookie's session when it is valid, not expired and not idle too long; touches it now and then. */
    private Optional<SessionStore.WithUser> liveSession(String cookieValue) {
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
        if (sessionPolicy.over(s.created(), s.lastActive(), now)) {
            sessions.expire(s.id());
            return Optional.empty();
        }
        // A short idle timeout needs fresher last_active values than the usual once a minute.
        Duration touchEvery = sessionPolicy.idleTimeout().dividedBy(10).compareTo(TOUCH_EVERY) < 0
                ? sessionPolicy.idleTimeout().dividedBy(10) : TOUCH_EVERY;
        if (s.lastActive().plus(touchEvery).isBefore(now)) {
            sessions.touch(s.id(), now);
        }
        return found;
    }

    /** Whether an {@code Authorization} header carries an API token (such requests use no cookie). */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "bearer ", 0, "bearer ".length());
    }

    /** Ends the session for good (Semaphore only cleared the cookie). */
    public void logout(Principal p) {
        if (p.sessionId() != null) {
            db.run(h -> {
                sessions.expire(p.sessionId());
                announce(h, Revocation.ofSession(p.user().id(), p.sessionId()));
            });
        }
    }

    /** Expires one of the user's API tokens ({@code idOrToken}: its listed id or the token); false if none. */
    public boolean revokeToken(int userId, String idOrToken) {
        return db.tx(h -> {
            Optional<String> id = tokens.expire(userId, idOrToken);
            id.ifPresent(t -> announce(h, Revocation.ofToken(userId, t)));
            return id.isPresent();
        });
    }

    /** Ends every session and API token of the user except session {@code keepSessionId} (null: all). */
    @Override
    public void revokeAll(int userId, Integer keepSessionId) {
        db.run(h -> {
            sessions.expireAllOf(userId, keepSessionId);
            tokens.expireAllOf(userId);
            announce(h, Revocation.ofUser(userId, keepSessionId));
        });
    }

    /**
     * Of these callers, the ones whose session or token is no longer valid (ended, idle too long, user deleted).
     * The fallback to {@link #onRevocation} for changes it does not hear of: made by another server node or
     * process, or sessions expiring. Reads no more than one query per 500 sessions or tokens; touches nothing.
     */
    public Set<Principal> noLongerValid(Collection<Principal> callers) {
        Set<Integer> sessionIds = new HashSet<>();
        Set<String> tokenIds = new HashSet<>();
        for (Principal p : callers) {
            if (p.sessionId() != null) {
                sessionIds.add(p.sessionId());
            } else {
                tokenIds.add(p.tokenId());
            }
        }
        Instant now = now();
        Map<Integer, SessionStore.Activity> liveSessions = sessionIds.isEmpty() ? Map.of() : sessions.activityOfLive(sessionIds);
        Set<String> liveTokens = tokenIds.isEmpty() ? Set.of() : tokens.live(tokenIds, now);
        Set<Principal> gone = new HashSet<>();
        for (Principal p : callers) {
            boolean valid = p.sessionId() != null
                    ? liveSessions.containsKey(p.sessionId()) && !over(liveSessions.get(p.sessionId()), now)
                    : liveTokens.contains(p.tokenId());
            if (!valid) {
                gone.add(p);
            }
        }
        return gone;
    }

    /** Calls {@code listener} with every revocation made in this process, after it is committed. */
    public void onRevocation(Consumer<Revocation> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeRevocationListener(Consumer<Revocation> listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners once the caller's transaction commits (never, if it rolls back). */
    private void announce(Handle h, Revocation r) {
        if (h.isInTransaction()) {
            h.afterCommit(() -> tell(r));
        } else {
            tell(r);
        }
    }

    private void tell(Revocation r) {
        for (Consumer<Revocation> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                // the change is committed; a listener's failure must not turn it into an error
                log.warn("A revocation listener failed for user {}", r.userId(), e);
            }
        }
    }

    private boolean over(SessionStore.Activity a, Instant now) {
        return sessionPolicy.over(a.created(), a.lastActive(), now);
    }

    /** The user's sessions that are still valid, newest first ({@code GET /api/user/sessions}). */
    public List<Session> activeSessions(int userId) {
        Instant now = now();
        return sessions.listLive(userId).stream()
                .filter(s -> !sessionPolicy.over(s.created(), s.lastActive(), now))
                .toList();
    }

    /** Ends one of the user's own sessions; false if the user has no such live session. */
    public boolean endSession(int userId, int sessionId) {
        return db.tx(h -> {
            boolean ended = sessions.expireOf(userId, sessionId);
            if (ended) {
                announce(h, Revocation.ofSession(userId, sessionId));
            }
            return ended;
        });
    }

    public SessionPolicy sessionPolicy() {
        return sessionPolicy;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
