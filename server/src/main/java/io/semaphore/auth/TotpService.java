package io.semaphore.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.semaphore.errors.ConflictException;
import io.semaphore.key.Secrets;
import io.semaphore.user.Passwords;
import io.semaphore.user.User;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's TOTP second factor (table {@code user__totp}), as Semaphore's: an {@code otpauth://} URL with a fresh
 * secret (issuer Semaphore, the user's email as account) and a one-time recovery code of which only a bcrypt hash is
 * kept. The URL holds the secret, so it is stored encrypted with {@code access_key_encryption} like keys (Semaphore
 * stores it in plain text). Codes are RFC 6238 (HMAC-SHA1, 6 digits, 30 s), accepted one step either side of now,
 * and each step at most once, so a code seen over a shoulder or in a log cannot be used again.
 */
public final class TotpService {
    /** What enabling shows once: the row's id, the URL for an authenticator app and the recovery code. */
    public record Enrollment(int id, int userId, Instant created, String url, String recoveryCode) {}

    /** A user's enrolment as listed (no secret, no recovery code). */
    public record Enrolled(int id, int userId, Instant created) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final Duration STEP = Duration.ofSeconds(30);

    private final TotpStore store;
    private final Secrets secrets;
    private final Clock clock;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);

    public TotpService(TotpStore store, Secrets secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Enrollment enable(User user) {
        if (store.find(user.id()).isPresent()) {
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
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int id = store.insert(user.id(), secrets.encrypt(url), Passwords.hash(recoveryCode), created);
        return new Enrollment(id, user.id(), created, url, recoveryCode);
    }

    /** False when TOTP was not enabled. */
    public boolean disable(User user) {
        return store.delete(user.id());
    }

    /** False when the user has no TOTP of that id. */
    public boolean disable(User user, int totpId) {
        return store.delete(user.id(), totpId);
    }

    /** The otpauth URL (with its secret) when TOTP is enabled. */
    public Optional<String> url(User user) {
        return store.url(user.id()).map(secrets::decrypt);
    }

    public Optional<Enrolled> enrolled(int userId) {
        return store.find(userId).map(r -> new Enrolled(r.id(), r.userId(), r.created()));
    }

    /**
     * Whether {@code passcode} is the user's current code (or the one just before or after it) and was not accepted
     * before. Accepting it marks its time step used.
     */
    public boolean verify(int userId, String passcode) {
        Optional<TotpStore.Row> row = store.find(userId);
        if (row.isEmpty() || passcode == null) {
            return false;
        }
        String code = passcode.strip().replace(" ", "");
        if (!code.matches("\\d{6}")) {
            return false;
        }
        SecretKeySpec key = new SecretKeySpec(secretOf(secrets.decrypt(row.get().storedUrl())), "HmacSHA1");
        long now = clock.instant().getEpochSecond() / STEP.toSeconds();
        for (long step = now - 1; step <= now + 1; step++) {
            if (sameCode(code, codeAt(key, step))) {
                return store.useStep(row.get().id(), step);
            }
        }
        return false;
    }

    /**
     * Whether {@code recoveryCode} is the user's recovery code; if so the TOTP is removed, as in Semaphore (the user
     * enrols again from the profile). The code works once.
     */
    public boolean recover(int userId, String recoveryCode) {
        Optional<TotpStore.Row> row = store.find(userId);
        String hash = row.map(TotpStore.Row::recoveryHash).orElse(null);
        // bcrypt runs even without a row, so the time taken does not tell whether the user has TOTP
        boolean matches = recoveryCode != null && !recoveryCode.isBlank()
                && Passwords.matches(recoveryCode.strip().toLowerCase(Locale.ROOT), hash);
        return matches && row.isPresent() && store.delete(userId, row.get().id());
    }

    private String codeAt(SecretKeySpec key, long step) {
        try {
            return generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("The stored TOTP secret is not a usable HMAC key", e);
        }
    }

    /** The secret of an otpauth URL, base32-decoded. */
    static byte[] secretOf(String url) {
        String query = URI.create(url).getRawQuery();
        for (String part : query == null ? new String[0] : query.split("&")) {
            if (part.startsWith("secret=")) {
                return base32Decode(URLDecoder.decode(part.substring("secret=".length()), StandardCharsets.UTF_8));
            }
        }
        throw new IllegalStateException("The stored TOTP URL has no secret");
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

    static byte[] base32Decode(String text) {
        String s = text.toUpperCase(Locale.ROOT).replace("=", "");
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : s.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                throw new IllegalStateException("The stored TOTP secret is not base32");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    /** Constant-time comparison of two codes. */
    private static boolean sameCode(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
