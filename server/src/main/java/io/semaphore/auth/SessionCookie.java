package io.semaphore.auth;

import io.semaphore.auth.signed.SignedValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The value of the {@code semaphore} cookie: the user and session ids (as Semaphore's cookie holds), signed with
 * HMAC-SHA256 under {@code cookie_hash} so it cannot be forged. The session row decides whether it is still valid.
 */
public final class SessionCookie {
    public static final String NAME = "semaphore";
    private final SignedValue signed;

    public SessionCookie(String cookieHash) {
        this.signed = new SignedValue(keyOf(cookieHash), "");
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
        return signed.encode(ByteBuffer.allocate(8).putInt(userId).putInt(sessionId).array());
    }

    public Optional<Value> decode(String cookie) {
        return signed.decode(cookie).filter(payload -> payload.length == 8).map(payload -> {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            return new Value(buf.getInt(), buf.getInt());
        });
    }
}
