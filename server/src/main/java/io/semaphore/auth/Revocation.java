package io.semaphore.auth;

/**
 * Credentials that have just stopped being valid: one session (sign-out), one API token (deleted), or every
 * session and token of a user but possibly the one session that changed the password (password changed, user
 * deleted). Told to in-process listeners such as the live socket, which close what they hold of it.
 */
public record Revocation(int userId, Integer sessionId, String tokenId, Integer keptSessionId) {

    static Revocation ofSession(int userId, int sessionId) {
        return new Revocation(userId, sessionId, null, null);
    }

    static Revocation ofToken(int userId, String tokenId) {
        return new Revocation(userId, null, tokenId, null);
    }

    static Revocation ofUser(int userId, Integer keptSessionId) {
        return new Revocation(userId, null, null, keptSessionId);
    }

    /** Whether a caller who signed in as {@code p} has lost their way in. */
    public boolean covers(Principal p) {
        if (p.user().id() != userId) {
            return false;
        }
        if (sessionId != null) {
            return sessionId.equals(p.sessionId());
        }
        if (tokenId != null) {
            return tokenId.equals(p.tokenId());
        }
        return p.sessionId() == null || !p.sessionId().equals(keptSessionId);
    }
}
