package io.semaphore.auth.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.auth.signed.SignedValue;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * What a sign-in started by this browser must find when the provider sends it back: provider, state, nonce, PKCE
 * verifier and an expiry, in a cookie signed with {@code cookie_hash} (HMAC-SHA256). Kept by the browser, so any node
 * of a cluster can finish the flow, and a redirect that reaches a browser which did not start it fails.
 */
final class FlowCookie {
    static final String NAME = "semaphore_oidc";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Flow(String provider, String state, String nonce, String verifier, long expires) {}

    private final SignedValue signed;

    FlowCookie(byte[] key) {
        this.signed = new SignedValue(key, "oidc-flow:"); // not interchangeable with the session cookie
    }

    String encode(Flow f) {
        try {
            return signed.encode(JSON.writeValueAsBytes(f));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The flow when the cookie is ours, untouched and not expired. */
    Optional<Flow> decode(String value, Instant now) {
        Optional<byte[]> payload = signed.decode(value);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        try {
            Flow f = JSON.readValue(payload.get(), Flow.class);
            return f.expires() < now.getEpochSecond() ? Optional.empty() : Optional.of(f);
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }
}
