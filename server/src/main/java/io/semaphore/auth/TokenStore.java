package io.semaphore.auth;

import io.semaphore.db.Database;
import io.semaphore.db.RecordMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Table {@code user__token}. Tokens are 32 random bytes, base64url, lowercased (as Semaphore makes them, which is
 * why they are compared case-insensitively). Only their SHA-256 is stored: a database dump reveals no token.
 */
public final class TokenStore {
    private static final RowMapper<ApiToken> MAPPER = RecordMapper.of(ApiToken.class);
    private final Database db;
    private final SecureRandom random = new SecureRandom();

    public TokenStore(Database db) {
        this.db = db;
    }

    /** Creates a token; the returned record's id is the token itself, shown to the user this once. */
    public ApiToken create(int userId, Instant now) {
        return create(userId, now, "", null);
    }

    /** Creates a token with a name ("" for none) and an expiry (null: never), which the caller has checked. */
    public ApiToken create(int userId, Instant now, String name, Instant expires) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().encodeToString(b).toLowerCase(Locale.ROOT);
        db.run(h -> h.createUpdate("INSERT INTO user__token (id, created, expired, user_id, name, expires)"
                        + " VALUES (:id, :c, FALSE, :u, :name, :expires)")
                .bind("id", digest(token)).bind("c", now).bind("u", userId).bind("name", name)
                .bind("expires", expires).execute());
        return new ApiToken(token, now, false, userId, name, expires);
    }

    public List<ApiToken> list(int userId) {
        return db.read(h -> h.createQuery("SELECT id, created, expired, user_id, name, expires FROM user__token"
                        + " WHERE user_id = :u ORDER BY created")
                .bind("u", userId).map(MAPPER).list());
    }

    /**
     * Marks expired; {@code idOrToken} is the listed id (the digest) or the token itself. Returns the id (digest)
     * of the token it expired, if the user has such a token.
     */
    public Optional<String> expire(int userId, String idOrToken) {
        String lower = idOrToken.toLowerCase(Locale.ROOT);
        return db.tx(h -> {
            Optional<String> id = h.createQuery("SELECT id FROM user__token WHERE user_id = :u AND (id = :id OR id = :digest)")
                    .bind("u", userId).bind("id", lower).bind("digest", digest(lower)).mapTo(String.class).findFirst();
            id.ifPresent(t -> h.createUpdate("UPDATE user__token SET expired = TRUE WHERE id = :id").bind("id", t).execute());
            return id;
        });
    }

    /** Ends every token of the user. */
    public void expireAllOf(int userId) {
        db.run(h -> h.createUpdate("UPDATE user__token SET expired = TRUE WHERE user_id = :u AND expired = FALSE")
                .bind("u", userId).execute());
    }

    /** Of these token ids (digests), the ones still valid at {@code now} (not ended, not past their expiry). */
    public Set<String> live(Collection<String> ids, Instant now) {
        Set<String> live = new HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += SessionStore.IN_LIST_LIMIT) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + SessionStore.IN_LIST_LIMIT));
            live.addAll(db.read(h -> h.createQuery("SELECT id FROM user__token WHERE expired = FALSE"
                            + " AND (expires IS NULL OR expires > :now) AND id IN (<ids>)")
                    .bindList("ids", chunk).bind("now", now).mapTo(String.class).list()));
        }
        return live;
    }

    /** The user of a live token at {@code now} (a token past its expiry is not live); case-insensitive. */
    public Optional<Integer> userOf(String token, Instant now) {
        return db.read(h -> h.createQuery("SELECT user_id FROM user__token WHERE id = :id AND expired = FALSE"
                        + " AND (expires IS NULL OR expires > :now)")
                .bind("id", digest(token.toLowerCase(Locale.ROOT))).bind("now", now).mapTo(Integer.class).findOne());
    }

    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
