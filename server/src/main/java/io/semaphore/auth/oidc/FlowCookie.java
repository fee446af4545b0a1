package io.semaphore.auth.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a sign-in started by this browser must find when the provider sends it back: provider, state, nonce, PKCE
 * verifier and an expiry, in a cookie signed with {@code cookie_hash} (HMAC-SHA256). Kept by the browser, so any node
 * of a cluster can finish the flow, and a redirect that reaches a browser which did not start it fails.
 */
final class FlowCookie {
    static final String NAME = "semaphore_oidc";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    record Flow(String provider, String state, String nonce, String verifier, long expires) {}

    private final byte[] key;

    FlowCookie(byte[] key) {
        this.key = key.clone();
    }

    String encode(Flow f) {
        try {
            byte[] payload = JSON.writeValueAsBytes(f);
            return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The flow when the cookie is ours, untouched and not expired. */
    Optional<Flow> decode(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(value.substring(0, dot));
            byte[] sig = Base64.getUrlDecoder().decode(value.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, mac(payload))) {
                return Optional.empty();
            }
            Flow f = JSON.readValue(payload, Flow.class);
            return f.expires() < now.getEpochSecond() ? Optional.empty() : Optional.of(f);
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update("oidc-flow:".getBytes(StandardCharsets.US_ASCII)); // not interchangeable with the session cookie
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
