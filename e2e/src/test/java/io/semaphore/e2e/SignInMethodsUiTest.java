package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.semaphore.auth.TotpTestAccess;
import io.semaphore.auth.oidc.TestProvider;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The sign-in methods in headless chromium: a user turns on TOTP in the profile (QR code, secret, recovery code),
 * signs out and in again with the app's code; and a sign-in through the OIDC button against a local provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignInMethodsUiTest {
    TestProvider provider;
    TestServer server;
    Browser browser;

    @BeforeAll
    void start() {
        provider = new TestProvider();
        server = TestServer.start(DbKind.SQLITE, c -> {
            c.putObject("auth").putObject("totp").put("enabled", true).put("allow_recovery", true);
            c.putObject("oidc_providers").putObject("test").put("display_name", "Test SSO").put("color", "#6a1b9a")
                    .put("icon", "key").put("provider_url", provider.issuer()).put("client_id", TestProvider.CLIENT_ID)
                    .put("client_secret", TestProvider.CLIENT_SECRET).put("name_claim", "name");
        });
        browser = Browser.start(server.baseUrl());
    }

    @AfterAll
    void stop() {
        try {
            browser.close();
        } finally {
            server.close();
            provider.close();
        }
    }

    static String code(String secret) throws Exception {
        return new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6).generateOneTimePasswordString(
                new SecretKeySpec(TotpTestAccess.base32Decode(secret), "HmacSHA1"), Instant.now(), Locale.ROOT);
    }

    @Test
    void totp_enrolInTheProfile_thenSignInWithTheCode_andOidcButton() throws Exception {
        ApiClient.Response created = server.admin().post("/api/users", Map.of("username", "tina", "name", "Tina",
                "email", "tina@example.com", "password", "tina-pw-1", "admin", false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        List<ExpectedHttpError> expected = new ArrayList<>();
        expected.add(new ExpectedHttpError("/api/user", 401, "the UI's am-I-signed-in checks while signed out or owing the code"));

        Browser b = browser;
        b.open("/");
        b.onSignInPage();
        b.visible("the OIDC button", By.cssSelector("[data-test='oidc-test']"));
        b.signIn("tina", "tina-pw-1");
        b.until("the home page", d -> b.path().equals("/") ? true : null);

        b.open("/profile");
        b.visible("the two-factor card", By.cssSelector("[data-test='totp-card']"));
        b.click("Turn on");
        b.visible("the QR code", By.cssSelector("img[data-test='totp-qr']"));
        String secret = b.visible("the secret", By.cssSelector("[data-test='totp-secret'] input")).getDomProperty("value");
        String recovery = b.visible("the recovery code", By.cssSelector("[data-test='totp-recovery'] input")).getDomProperty("value");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(recovery).hasSize(16);
        b.shot("totp-enrol");
        b.click("I have saved them");
        b.sees("Signing in asks for a code from your authenticator app.");
        b.signOut();

        b.signIn("tina", "tina-pw-1");
        b.visible("the code step", By.cssSelector("[data-test='totp-step']"));
        b.shot("totp-step");
        expected.add(new ExpectedHttpError("/api/auth/verify", 401, "a wrong code, typed on purpose"));
        b.type(b.driver(), "Code", "000000");
        b.click("Verify");
        b.sees("Incorrect or already used code");
        b.type(b.driver(), "Code", code(secret));
        b.click("Verify");
        b.until("the home page after the code", d -> b.path().equals("/") ? true : null);
        b.signOut();

        // OIDC: the button goes to the provider, which sends the browser back signed in
        provider.nextUser = Map.of("sub", "s-uma", "email", "uma@example.com", "preferred_username", "uma", "name", "Uma SSO");
        b.click("Test SSO", b.driver(), By.cssSelector("[data-test='oidc-test']"));
        b.until("the home page after the provider", d -> b.path().equals("/") ? true : null);
        b.open("/profile");
        b.sees("You sign in through LDAP or single sign-on");
        b.shot("oidc-signed-in");
        b.signOut();

        // The administrators' Sign-in options page shows what the configuration turned on, and no secret
        b.signIn("admin", io.semaphore.testing.TestServer.ADMIN_PASSWORD);
        b.until("the home page as admin", d -> b.path().equals("/") ? true : null);
        b.open("/sign-in-options");
        b.visible("the provider row", By.cssSelector("[data-test='oidc-provider']"));
        b.sees("Test SSO");
        b.sees("/api/auth/oidc/test/redirect");
        b.sees("Two-factor codes (TOTP)");
        assertThat(b.driver().getPageSource()).doesNotContain(TestProvider.CLIENT_SECRET);
        b.shot("sign-in-options");

        // The Notifications page lists the channels, none turned on in this configuration
        b.open("/notifications");
        b.visible("a channel row", By.cssSelector("[data-test='channel']"));
        b.sees("Microsoft Teams");
        b.sees("JSON webhook");
        b.shot("notifications");
        b.assertNoConsoleErrors(expected);
    }
}
