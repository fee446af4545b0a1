package io.semaphore.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect provider over real HTTP (JDK HttpServer): discovery, an authorization endpoint that signs in
 * whoever {@link #nextUser} names at once and redirects back with a code, a token endpoint that checks the client's
 * secret and the PKCE verifier and issues an RS256 ID token, and the JWKS. {@link #mode} makes the next ID token
 * bad in one way.
 */
public final class TestProvider implements AutoCloseable {
    public enum Mode { GOOD, BAD_SIGNATURE, WRONG_NONCE, EXPIRED, WRONG_AUDIENCE }

    public static final String CLIENT_ID = "semaphore-test";
    public static final String CLIENT_SECRET = "client-secret-1";

    private final HttpServer http;
    private final RSAKey key;
    private final RSAKey otherKey;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    public volatile Mode mode = Mode.GOOD;
    /** Claims of the person who signs in next (sub, email, preferred_username, name...). */
    public volatile Map<String, Object> nextUser = Map.of("sub", "u1", "email", "carol@example.com",
            "preferred_username", "carol", "name", "Carol");

    public TestProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("k1").generate();
            otherKey = new RSAKeyGenerator(2048).keyID("k1").generate(); // same kid, other key: a forged signature
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        http.createContext("/.well-known/openid-configuration", ex -> send(ex, 200, "application/json", """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(issuer())));
        http.createContext("/jwks", ex -> send(ex, 200, "application/json", new JWKSet(key.toPublicJWK()).toString()));
        http.createContext("/authorize", this::authorize);
        http.createContext("/token", this::token);
        http.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Signs in {@link #nextUser} and sends the browser back: the Location of that redirect. */
    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("nonce") == null || q.get("state") == null) {
            send(ex, 400, "text/plain", "bad authorization request: " + q);
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, q);
        ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        send(ex, 302, "text/plain", "");
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "application/json", "{\"error\": \"invalid_client\"}");
            return;
        }
        Map<String, String> auth = codes.remove(form.getOrDefault("code", ""));
        if (auth == null || !auth.get("redirect_uri").equals(form.get("redirect_uri"))
                || !challenge(form.getOrDefault("code_verifier", "")).equals(auth.get("code_challenge"))) {
            send(ex, 400, "application/json", "{\"error\": \"invalid_grant\"}");
            return;
        }
        try {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
                    .audience(mode == Mode.WRONG_AUDIENCE ? "someone-else" : CLIENT_ID)
                    .issueTime(Date.from(now.minusSeconds(mode == Mode.EXPIRED ? 3600 : 0)))
                    .expirationTime(Date.from(mode == Mode.EXPIRED ? now.minusSeconds(600) : now.plusSeconds(300)))
                    .claim("nonce", mode == Mode.WRONG_NONCE ? "not-the-nonce" : auth.get("nonce"));
            nextUser.forEach((k, v) -> {
                if (k.equals("sub")) {
                    claims.subject((String) v);
                } else {
                    claims.claim(k, v);
                }
            });
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims.build());
            jwt.sign(new RSASSASigner(mode == Mode.BAD_SIGNATURE ? otherKey : key));
            send(ex, 200, "application/json", "{\"access_token\": \"at-" + UUID.randomUUID() + "\", \"token_type\": \"Bearer\","
                    + " \"expires_in\": 300, \"id_token\": \"" + jwt.serialize() + "\"}");
        } catch (JOSEException e) {
            send(ex, 500, "text/plain", e.toString());
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The authorization URL's query, as a map (for tests that look at what the server asked for). */
    public static Map<String, String> queryOf(URI uri) {
        return query(uri.getRawQuery());
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
