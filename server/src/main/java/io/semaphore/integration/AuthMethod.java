package io.semaphore.integration;

import io.semaphore.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery proves it comes from whom the integration expects, as Semaphore checks it: none; {@code github}
 * (header X-Hub-Signature-256 is {@code sha256=} and the hex HMAC-SHA256 of the body with the secret);
 * {@code token} (the header {@code auth_header} holds the secret); {@code hmac} (the header {@code auth_header}
 * holds the hex HMAC-SHA256 of the body). Comparisons take constant time.
 */
public enum AuthMethod {
    NONE(""), GITHUB("github"), TOKEN("token"), HMAC("hmac");

    public static final String GITHUB_HEADER = "X-Hub-Signature-256";

    private final String json;

    AuthMethod(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public boolean needsSecret() {
        return this != NONE;
    }

    public boolean needsHeader() {
        return this == TOKEN || this == HMAC;
    }

    /** Semaphore stores none as ""; "none" is accepted too. */
    public static AuthMethod parse(String s) {
        if (s == null || s.isEmpty() || s.equals("none")) {
            return NONE;
        }
        for (AuthMethod m : values()) {
            if (m.json.equals(s)) {
                return m;
            }
        }
        throw new ValidationException("Field 'auth_method' is '" + s + "'; allowed: \"\" (none), github, token, hmac");
    }

    /** Whether the delivery passes; {@code header} reads a request header by name (any case). */
    boolean verify(String secret, String authHeader, java.util.function.Function<String, String> header, byte[] body) {
        return switch (this) {
            case NONE -> true;
            case GITHUB -> {
                String sent = header.apply(GITHUB_HEADER);
                yield sent != null && sent.startsWith("sha256=") && same(hmacHex(secret, body), sent.substring(7));
            }
            case HMAC -> {
                String sent = header.apply(authHeader);
                yield sent != null && same(hmacHex(secret, body), sent);
            }
            case TOKEN -> {
                String sent = header.apply(authHeader);
                yield sent != null && !secret.isEmpty() && same(secret, sent);
            }
        };
    }

    /** Hex HMAC-SHA256 of {@code body} keyed with {@code secret} (what senders put in their signature header). */
    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean same(String expected, String sent) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.trim().getBytes(StandardCharsets.UTF_8));
    }
}
