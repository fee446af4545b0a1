package io.semaphore.auth.signed;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A payload and its HMAC-SHA256 as {@code <payload>.<signature>}, both in URL-safe base64 without padding. The
 * {@code purpose} goes into the signature first, so a value signed for one use is refused by another.
 */
public final class SignedValue {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final byte[] purpose;

    /** {@code purpose}: e.g. "oidc-flow:"; empty for none. */
    public SignedValue(byte[] key, String purpose) {
        this.key = key.clone();
        this.purpose = purpose.getBytes(StandardCharsets.US_ASCII);
    }

    public String encode(byte[] payload) {
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /** The payload when {@code value} is well formed and its signature holds; else empty. */
    public Optional<byte[]> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(value.substring(0, dot));
            byte[] sig = b64.decode(value.substring(dot + 1));
            return MessageDigest.isEqual(sig, mac(payload)) ? Optional.of(payload) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
