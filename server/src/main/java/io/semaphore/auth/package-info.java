/**
 * Authentication: {@link io.semaphore.auth.AuthService} signs in with a password, signs out, and resolves a
 * request's {@code semaphore} cookie ({@link io.semaphore.auth.SessionCookie}, HMAC-signed) or bearer API token
 * ({@link io.semaphore.auth.TokenStore}, stored as SHA-256) to a {@link io.semaphore.auth.Principal}.
 * {@link io.semaphore.auth.LoginThrottle} answers repeated failures with 429.
 */
package io.semaphore.auth;
