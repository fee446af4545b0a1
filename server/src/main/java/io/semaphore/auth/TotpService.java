package io.semaphore.auth;

import io.semaphore.errors.ConflictException;
import io.semaphore.key.Secrets;
import io.semaphore.user.Passwords;
import io.semaphore.user.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A user's TOTP second factor (table {@code user__totp}), as Semaphore's {@code user totp enable|disable|show}: an
 * {@code otpauth://} URL with a fresh secret (issuer Semaphore, the user's email as account) and a one-time
 * recovery code of which only a bcrypt hash is kept. The URL holds the secret, so it is stored encrypted with
 * {@code access_key_encryption} like keys (Semaphore stores it in plain text). Checking codes at sign-in belongs to
 * the sign-in options and is not done here.
 */
public final class TotpService {
    /** What enabling shows once: the URL for an authenticator app and the recovery code. */
    public record Enrollment(String url, String recoveryCode) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final TotpStore store;
    private final Secrets secrets;
    private final Clock clock;

    public TotpService(TotpStore store, Secrets secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Enrollment enable(User user) {
        if (url(user).isPresent()) {
            throw new ConflictException("TOTP is already enabled for " + user.username()
                    + "; disable it first to make a new secret");
        }
        byte[] secret = new byte[20]; // 160 bits, as RFC 4226 recommends for HMAC-SHA1
        RANDOM.nextBytes(secret);
        String url = "otpauth://totp/Semaphore:" + encode(user.email()) + "?secret=" + base32(secret)
                + "&issuer=Semaphore&algorithm=SHA1&digits=6&period=30";
        byte[] recovery = new byte[8];
        RANDOM.nextBytes(recovery);
        String recoveryCode = HexFormat.of().formatHex(recovery);
        store.insert(user.id(), secrets.encrypt(url), Passwords.hash(recoveryCode),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return new Enrollment(url, recoveryCode);
    }

    /** False when TOTP was not enabled. */
    public boolean disable(User user) {
        return store.delete(user.id());
    }

    /** The otpauth URL (with its secret) when TOTP is enabled. */
    public Optional<String> url(User user) {
        return store.url(user.id()).map(secrets::decrypt);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 4648 base32 without padding: what authenticator apps read. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
