package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.auth.oidc.TestProvider;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** OpenID Connect sign-in against a local provider over real HTTP that issues signed ID tokens. */
@ParameterizedClass
@EnumSource(DbKind.class)
class OidcApiTest {
    @Parameter
    DbKind db;

    static TestProvider provider;
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        provider = new TestProvider();
        server = TestServer.start(db, c -> {
            var p = c.putObject("oidc_providers").putObject("test");
            p.put("display_name", "Test SSO").put("color", "#1e88e5").put("icon", "login")
                    .put("provider_url", provider.issuer()).put("client_id", TestProvider.CLIENT_ID)
                    .put("client_secret", TestProvider.CLIENT_SECRET).put("email_claim", "email")
                    .put("username_claim", "preferred_username").put("name_claim", "name");
        });
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        provider.close();
    }

    @AfterEach
    void goodAgain() {
        provider.mode = TestProvider.Mode.GOOD;
    }

    /** What a browser does: our login route, the provider's page, back to our redirect route. Returns its answer. */
    static ApiClient.Response flow(ApiClient browser, java.util.function.UnaryOperator<String> tamper) throws Exception {
        ApiClient.Response start = browser.get("/api/auth/oidc/test/login");
        assertThat(start.status()).as(start.body()).isEqualTo(307);
        URI authorize = URI.create(start.header("Location"));
        Map<String, String> asked = TestProvider.queryOf(authorize);
        assertThat(asked).containsEntry("code_challenge_method", "S256").containsKey("nonce").containsKey("state")
                .containsEntry("redirect_uri", server.baseUrl() + "/api/auth/oidc/test/redirect");
        HttpResponse<String> atProvider = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).as(atProvider.body()).isEqualTo(302);
        URI back = URI.create(tamper.apply(atProvider.headers().firstValue("Location").orElseThrow()));
        return browser.get(back.getRawPath() + "?" + back.getRawQuery());
    }

    static String error(ApiClient.Response r) {
        assertThat(r.status()).isEqualTo(307);
        String location = r.header("Location");
        assertThat(location).contains("/auth/login?error=");
        return URLDecoder.decode(location.substring(location.indexOf("error=") + 6), StandardCharsets.UTF_8);
    }

    @Test
    void loginMethods_listTheProvider() {
        JsonNode p = server.anonymous().get("/api/auth/login").json().get("oidc_providers").get(0);
        assertThat(p.get("id").asText()).isEqualTo("test");
        assertThat(p.get("name").asText()).isEqualTo("Test SSO");
        assertThat(p.get("color").asText()).isEqualTo("#1e88e5");
        assertThat(p.get("icon").asText()).isEqualTo("login");
    }

    @Test
    void goodFlow_createsAnExternalUser_andSignsIn_thenFindsItAgain() throws Exception {
        provider.nextUser = Map.of("sub", "s-dave", "email", "Dave@Example.com", "preferred_username", "dave", "name", "Dave D");
        ApiClient browser = server.anonymous();
        ApiClient.Response done = flow(browser, u -> u);
        assertThat(done.status()).as(done.header("Location")).isEqualTo(307);
        assertThat(done.header("Location")).isEqualTo(server.baseUrl() + "/");
        JsonNode me = browser.get("/api/user").json();
        assertThat(me.get("username").asText()).isEqualTo("dave");
        assertThat(me.get("name").asText()).isEqualTo("Dave D");
        assertThat(me.get("email").asText()).isEqualTo("dave@example.com");
        assertThat(me.get("external").asBoolean()).isTrue();

        ApiClient again = server.anonymous();
        flow(again, u -> u);
        assertThat(again.get("/api/user").json().get("id").asInt()).isEqualTo(me.get("id").asInt());
    }

    @Test
    void badSignature_wrongNonce_expired_wrongAudience_signNobodyIn() throws Exception {
        provider.nextUser = Map.of("sub", "s-eve", "email", "eve@example.com", "preferred_username", "eve");
        for (TestProvider.Mode mode : new TestProvider.Mode[] {TestProvider.Mode.BAD_SIGNATURE, TestProvider.Mode.WRONG_NONCE,
                TestProvider.Mode.EXPIRED, TestProvider.Mode.WRONG_AUDIENCE}) {
            provider.mode = mode;
            ApiClient browser = server.anonymous();
            assertThat(error(flow(browser, u -> u))).as(mode.name()).contains("identity token from Test SSO is not valid");
            assertThat(browser.get("/api/user").status()).as(mode.name()).isEqualTo(401);
        }
        assertThat(server.services().users().store().findByEmail("eve@example.com")).isEmpty();
    }

    @Test
    void wrongState_orAnotherBrowser_isRefused() throws Exception {
        ApiClient browser = server.anonymous();
        assertThat(error(flow(browser, u -> u.replaceAll("state=[^&]+", "state=forged")))).contains("state does not match");
        assertThat(browser.get("/api/user").status()).isEqualTo(401);

        // the provider's answer replayed in a browser that did not start the sign-in
        ApiClient started = server.anonymous();
        String[] back = new String[1];
        flow(started, u -> {
            back[0] = u;
            return u.replaceAll("code=[^&]+", "code=used-elsewhere");
        });
        URI uri = URI.create(back[0]);
        ApiClient other = server.anonymous();
        assertThat(error(other.get(uri.getRawPath() + "?" + uri.getRawQuery()))).contains("not started in this browser");
        assertThat(other.get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void providerError_andLocalUsersEmail_goBackToSignInWithTheReason() throws Exception {
        ApiClient browser = server.anonymous();
        browser.get("/api/auth/oidc/test/login");
        assertThat(error(browser.get("/api/auth/oidc/test/redirect?error=access_denied&error_description=no")))
                .contains("refused the sign-in: access_denied");

        TestServer.NewUser local = server.newUser(false);
        provider.nextUser = Map.of("sub", "s-local", "email", local.login() + "@example.com", "preferred_username", "x");
        ApiClient b2 = server.anonymous();
        assertThat(error(flow(b2, u -> u))).contains("belongs to a local user");
        assertThat(b2.get("/api/user").status()).isEqualTo(401);
    }

    @Test
    void unknownProvider_is404Json() {
        ApiClient.Response r = server.anonymous().get("/api/auth/oidc/nope/login");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).contains("No OpenID Connect provider 'nope'").contains("test");
    }
}
