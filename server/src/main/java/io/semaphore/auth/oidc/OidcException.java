package io.semaphore.auth.oidc;

/** A sign-in through a provider that did not work; the message is for the person signing in. */
public final class OidcException extends RuntimeException {
    public OidcException(String message) {
        super(message);
    }

    public OidcException(String message, Throwable cause) {
        super(message, cause);
    }
}
