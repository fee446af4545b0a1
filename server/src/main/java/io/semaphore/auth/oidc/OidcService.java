package io.semaphore.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.semaphore.config.OidcProvider;
import io.semaphore.errors.NotFoundException;
import java.io.IOException;
import java.net.URI;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two halves of a provider's sign-in: {@link #start} (where to send the browser, and the signed cookie that
 * remembers state, nonce and PKCE verifier) and {@link #finish} (check state against the cookie, exchange the code
 * with the verifier, check the ID token's signature against the provider's keys, its issuer, audience, expiry and
 * nonce, and read the claims). The provider's metadata (discovery) and keys are fetched once and kept; every call
 * to the provider has a {@value #TIMEOUT_MS} ms timeout.
 */
public final class OidcService {
    private static final Logger log = LoggerFactory.getLogger(OidcService.class);
    static final int TIMEOUT_MS = 5000;
    /** How long a started sign-in may take at the provider. */
    private static final Duration FLOW_TTL = Duration.ofMinutes(10);

    /** Where to send the browser, and the cookie to set on it. */
    public record Start(URI authorizationUrl, String cookie) {}

    /** Who the provider says signed in, by the provider's claim mappings. */
    public record Identity(String provider, String subject, String username, String name, String email) {}

    private record Resolved(Issuer issuer, URI authorization, URI token, IDTokenValidator validator) {}

    private final Map<String, OidcProvider> providers;
    private final FlowCookie cookies;
    private final Clock clock;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    public OidcService(Map<String, OidcProvider> providers, byte[] cookieKey, Clock clock) {
        this.providers = Map.copyOf(providers);
        this.cookies = new FlowCookie(cookieKey);
        this.clock = clock;
    }

    public static String cookieName() {
        return FlowCookie.NAME;
    }

    /** The provider's redirect URL: its {@code redirect_url}, else {@code fallback} (ours, from web_host or the request). */
    public String redirectUrl(String providerId, String fallback) {
        String configured = provider(providerId).redirectUrl();
        return configured == null || configured.isBlank() ? fallback : configured;
    }

    public Start start(String providerId, String redirectUrl) {
        OidcProvider p = provider(providerId);
        Resolved r = resolve(providerId, p);
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI url = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(p.scopes().toArray(String[]::new)),
                new ClientID(clientId(p)), URI.create(redirectUrl))
                .endpointURI(r.authorization()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
        long expires = clock.instant().plus(FLOW_TTL).getEpochSecond();
        String cookie = cookies.encode(new FlowCookie.Flow(providerId, state.getValue(), nonce.getValue(),
                verifier.getValue(), expires));
        return new Start(url, cookie);
    }

    /**
     * The identity behind the provider's answer ({@code code} and {@code state} of the redirect, or its
     * {@code error}), for the browser holding {@code cookie}.
     */
    public Identity finish(String providerId, String redirectUrl, Map<String, List<String>> query, String cookie) {
        OidcProvider p = provider(providerId);
        String error = first(query, "error");
        if (error != null) {
            String description = first(query, "error_description");
            throw new OidcException(p.displayName() + " refused the sign-in: " + error + (description == null ? "" : " (" + description + ")"));
        }
        FlowCookie.Flow flow = cookies.decode(cookie, clock.instant())
                .orElseThrow(() -> new OidcException("This sign-in was not started in this browser, or took longer than "
                        + FLOW_TTL.toMinutes() + " minutes; start it again"));
        if (!flow.provider().equals(providerId) || !flow.state().equals(first(query, "state"))) {
            throw new OidcException("The sign-in's state does not match the one this browser started; start it again");
        }
        String code = first(query, "code");
        if (code == null || code.isBlank()) {
            throw new OidcException(p.displayName() + " sent no authorization code");
        }
        Resolved r = resolve(providerId, p);
        JWT idToken = exchange(p, r, code, redirectUrl, flow.verifier());
        IDTokenClaimsSet claims;
        try {
            claims = r.validator().validate(idToken, new Nonce(flow.nonce()));
        } catch (BadJOSEException | JOSEException e) {
            log.warn("ID token of OIDC provider {} refused: {}", providerId, e.getMessage());
            throw new OidcException("The identity token from " + p.displayName() + " is not valid (" + e.getMessage() + ")", e);
        }
        Map<String, Object> all = claims.toJSONObject();
        String email = claim(all, p.emailClaim(), "email");
        if (email == null) {
            throw new OidcException(p.displayName() + " did not say your email (claim '" + orDefault(p.emailClaim(), "email")
                    + "'); ask an administrator to check email_claim and the scopes");
        }
        String username = claim(all, p.usernameClaim(), "preferred_username");
        String name = claim(all, p.nameClaim(), "preferred_username");
        return new Identity(providerId, claims.getSubject().getValue(), username, name, email);
    }

    private JWT exchange(OidcProvider p, Resolved r, String code, String redirectUrl, String verifier) {
        TokenRequest request = new TokenRequest(r.token(), new ClientSecretBasic(new ClientID(clientId(p)), new Secret(clientSecret(p))),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUrl), new CodeVerifier(verifier)));
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(TIMEOUT_MS);
        http.setReadTimeout(TIMEOUT_MS);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            log.warn("Token request to OIDC provider {} failed: {}", p.displayName(), e.getMessage());
            throw new OidcException(p.displayName() + " could not be asked for the sign-in's tokens: " + e.getMessage(), e);
        }
        if (!response.indicatesSuccess()) {
            var err = response.toErrorResponse().getErrorObject();
            throw new OidcException(p.displayName() + " refused the code: " + err.getCode()
                    + (err.getDescription() == null ? "" : " (" + err.getDescription() + ")"));
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new OidcException(p.displayName() + " sent no identity token; check that the scopes include openid");
        }
        return idToken;
    }

    private Resolved resolve(String id, OidcProvider p) {
        Resolved r = resolved.get(id);
        if (r != null) {
            return r;
        }
        try {
            Issuer issuer;
            URI authorization;
            URI token;
            URI jwks;
            Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
            JsonNode e = p.endpoint();
            if (p.providerUrl() != null && !p.providerUrl().isBlank()) {
                OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(p.providerUrl().replaceAll("/+$", "")),
                        TIMEOUT_MS, TIMEOUT_MS);
                issuer = m.getIssuer();
                authorization = m.getAuthorizationEndpointURI();
                token = m.getTokenEndpointURI();
                jwks = m.getJWKSetURI();
                if (m.getIDTokenJWSAlgs() != null) {
                    algorithms.addAll(m.getIDTokenJWSAlgs());
                }
            } else {
                issuer = new Issuer(e.path("issuer_url").asText());
                authorization = URI.create(e.path("auth_url").asText());
                token = URI.create(e.path("token_url").asText());
                jwks = URI.create(e.path("jwks_url").asText());
            }
            if (e != null && e.path("algorithms").isArray()) {
                algorithms.clear();
                e.path("algorithms").forEach(a -> algorithms.add(JWSAlgorithm.parse(a.asText())));
            }
            algorithms.removeIf(a -> a.getName().equals("none") || a.getName().startsWith("HS"));
            if (algorithms.isEmpty()) {
                algorithms.add(JWSAlgorithm.RS256);
            }
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks.toURL(),
                    new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS)).build();
            IDTokenValidator validator = new IDTokenValidator(issuer, new ClientID(clientId(p)),
                    new JWSVerificationKeySelector<>(algorithms, keys), null);
            r = new Resolved(issuer, authorization, token, validator);
            resolved.put(id, r);
            return r;
        } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException | IllegalArgumentException e) {
            log.warn("OIDC provider {} could not be resolved: {}", id, e.getMessage());
            throw new OidcException(p.displayName() + " cannot be reached to sign in now (" + e.getMessage()
                    + "); try again later or tell an administrator", e);
        }
    }

    private OidcProvider provider(String id) {
        OidcProvider p = providers.get(id);
        if (p == null) {
            throw new NotFoundException("No OpenID Connect provider '" + id + "' is configured"
                    + (providers.isEmpty() ? "" : "; configured: " + String.join(", ", providers.keySet())));
        }
        return p;
    }

    private static String clientId(OidcProvider p) {
        return fromFile(p.clientIdFile()).orElse(p.clientId());
    }

    private static String clientSecret(OidcProvider p) {
        return fromFile(p.clientSecretFile()).orElse(p.clientSecret() == null ? "" : p.clientSecret());
    }

    private static Optional<String> fromFile(String file) {
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            throw new OidcException("The server cannot read " + file + " (client_id_file / client_secret_file); tell an administrator", e);
        }
    }

    /** The first non-empty string of the {@code |}-separated claim names, as Semaphore reads its claim mappings. */
    static String claim(Map<String, Object> claims, String names, String fallback) {
        for (String name : orDefault(names, fallback).split("\\|")) {
            Object v = claims.get(name.strip());
            if (v instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return null;
    }

    private static String orDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

}
