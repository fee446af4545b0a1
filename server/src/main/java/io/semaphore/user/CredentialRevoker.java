package io.semaphore.user;

/**
 * Ends a user's ways in (browser sessions, API tokens, open live sockets) when their password changes or the user
 * is deleted. Implemented by the sign-in layer, which knows them; kept as an interface here so that users do not
 * depend on it.
 */
@FunctionalInterface
public interface CredentialRevoker {
    /**
     * Ends every session and API token of {@code userId}, except the session {@code keepSessionId} (null: none),
     * which is the one that made the change. Joins the caller's transaction when one is open.
     */
    void revokeAll(int userId, Integer keepSessionId);
}
