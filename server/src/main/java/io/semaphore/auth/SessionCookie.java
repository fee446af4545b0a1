package io.semaphore.auth;

import io.semaphore.auth.signed.SignedValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The value of the {@code semaphore} cookie: the user and session ids (as Semaphore's cookie holds), signed with
 * HMAC-SHA256 under {@code cookie_hash} so it cannot be forged. With {@code cookie_encryption} (as Semaphore's
 * securecookie does) the ids are first encrypted with AES-GCM under that key, a fresh nonce each time, so the cookie
 * tells nothing to whoever sees it; the signature then covers nonce and ciphertext. The session row decides whether
 * it is still valid.
 */
public final class SessionCookie {
    public static final String NAME = "semaphore";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final SignedValue signed;
    private final SecretKeySpec encryption;

    public SessionCookie(String cookieHash) {
        this(cookieHash, "");
    }

    /** @param cookieEncryption base64 of a 16, 24 or 32 byte AES key (the config validates it), or "" for none */
    public SessionCookie(String cookieHash, String cookieEncryption) {
        this.signed = new SignedValue(keyOf(cookieHash), "");
        this.encryption = cookieEncryption == null || cookieEncryption.isBlank() ? null
                : new SecretKeySpec(Base64.getDecoder().decode(cookieEncryption.trim()), "AES");
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
        return signed.encode(seal(ByteBuffer.allocate(8).putInt(userId).putInt(sessionId).array()));
    }

    public Optional<Value> decode(String cookie) {
        return signed.decode(cookie).map(this::open).filter(payload -> payload != null && payload.length == 8)
                .map(payload -> {
                    ByteBuffer buf = ByteBuffer.wrap(payload);
                    return new Value(buf.getInt(), buf.getInt());
                });
    }

    /** The ids encrypted (nonce then ciphertext and tag) when there is a cookie_encryption key, else as they are. */
    private byte[] seal(byte[] plain) {
        if (encryption == null) {
            return plain;
        }
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The ids back, or null when the value was not sealed with this key. */
    private byte[] open(byte[] sealed) {
        if (encryption == null) {
            return sealed;
        }
        if (sealed.length <= NONCE) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
