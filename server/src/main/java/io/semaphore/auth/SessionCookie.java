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

    private final byte[] key;
    private final SecretKeySpec encryption;

    public SessionCookie(String cookieHash) {
        this(cookieHash, "");
    }

    /** @param cookieEncryption base64 of a 16, 24 or 32 byte AES key (the config validates it), or "" for none */
    public SessionCookie(String cookieHash, String cookieEncryption) {
        this.key = keyOf(cookieHash);
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
        byte[] payload = seal(ByteBuffer.allocate(8).putInt(userId).putInt(sessionId).array());
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
            byte[] sealed = b64.decode(cookie.substring(0, dot));
            byte[] sig = b64.decode(cookie.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, mac(sealed))) {
                return Optional.empty();
            }
            byte[] payload = open(sealed);
            if (payload == null || payload.length != 8) {
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.wrap(payload);
            return Optional.of(new Value(buf.getInt(), buf.getInt()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The ids encrypted (nonce then ciphertext and tag) when there is a cookie_encryption key, else as they are. */
    private byte[] seal(byte[] plain) {
        if (encryption == null) {
            return plain;
        }
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, encryption, new javax.crypto.spec.GCMParameterSpec(TAG_BITS, nonce));
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
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            c.init(javax.crypto.Cipher.DECRYPT_MODE, encryption,
                    new javax.crypto.spec.GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
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
