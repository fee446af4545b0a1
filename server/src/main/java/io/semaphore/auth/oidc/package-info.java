/**
 * Sign-in with OpenID Connect providers (Semaphore's {@code oidc_providers}): the authorization code flow with PKCE,
 * state and nonce kept in a signed cookie of the browser that started it, the ID token's signature checked against
 * the provider's published keys. Nimbus OAuth 2.0 SDK with OpenID Connect extensions.
 */
package io.semaphore.auth.oidc;
