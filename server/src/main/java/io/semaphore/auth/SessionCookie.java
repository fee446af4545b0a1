package io.semaphore.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The value of the {@code semaphore} cookie: the user and session ids (as Semaphore's cookie holds), signed with
 * HMAC-SHA256 under {@code cookie_hash} so it cannot be forged. The session row decides whether it is still valid.
 */
public final class SessionCookie {
    public static final String NAME = "semaphore";
    private final byte[] key;

    public SessionCookie(String cookieHash) {
        this.key = keyOf(cookieHash);
    }

    /** The HMAC key that {@code cookie_hash} stands for (base64, or its bytes as written). */
    public static byte[] keyOf(String cookieHash) {
        try {
            return Base64.getDecoder().decode(cookieHash.trim());
        } catch (IllegalArgumentException e) {
            return cookieHash.getBytes(StandardCharsets.UTF_8);
        }
    }

    public record Value(int userId, int sessionId) {}

    public String encode(int userId, int sessionId) {
        byte[] payload = ByteBuffer.allocate(8).putInt(userId).putInt(sessionId).array();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
    }

    public Optional<Value> decode(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(cookie.substring(0, dot));
            byte[] sig = b64.decode(cookie.substring(dot + 1));
            if (payload.length != 8 || !MessageDigest.isEqual(sig, mac(payload))) {
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.wrap(payload);
            return Optional.of(new Value(buf.getInt(), buf.getInt()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
