/**
 * Values signed with the server's {@code cookie_hash} (HMAC-SHA256), as the session cookie and the OpenID Connect
 * flow cookie carry them: below both, so neither depends on the other.
 */
package io.semaphore.auth.signed;
