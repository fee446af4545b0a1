package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * User administration and the profile's API tokens and sessions, in the built UI in chromium against the real
 * server: an administrator creates, edits, promotes, sets the password of and deletes a user (whose sessions end
 * at once); a user makes a named token with an expiry and ends a session of theirs from another "computer"; the
 * pages fit a phone's width, in the light and the dark theme.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UserAdminFlowTest {
    TestServer server;
    Browser browser;
    final List<ExpectedHttpError> expected = new ArrayList<>();
    int done;

    @BeforeAll
    void start() {
        server = TestServer.start(DbKind.SQLITE);
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            server.close();
        }
    }

    Browser after(int previous) {
        Assumptions.assumeTrue(done >= previous, "skipped: step " + previous + ", which this one builds on, did not pass");
        if (browser == null) {
            browser = Browser.start(server.baseUrl());
        }
        return browser;
    }

    @BeforeEach
    void clearExpected() {
        expected.clear();
    }

    @AfterEach
    void noConsoleErrors() {
        if (browser != null) {
            browser.assertNoConsoleErrors(expected);
        }
    }

    @Test
    @Order(1)
    void admin_createsEditsPromotesSetsThePasswordOf_andDeletesAUser() {
        Browser b = after(0);
        expected.add(new ExpectedHttpError("/api/user", 401, "the UI's am-I-signed-in check before signing in"));
        b.open("/");
        b.onSignInPage();
        b.signIn("admin", TestServer.ADMIN_PASSWORD);
        b.sees("No projects yet");

        b.nav("Users");
        b.click("New user");
        WebElement form = b.dialog("New user");
        b.type(form, "Name", "Bob Builder");
        b.type(form, "Username", "bob");
        b.type(form, "E-mail", "bob@example.com");
        b.type(form, "Password", "bob-pw-1");
        b.click(form, "Create");
        b.dialogCloses("New user");
        assertThat(b.rowOf("bob").getText()).contains("Bob Builder", "bob@example.com");

        // edit: name, e-mail, administrator, alerts
        b.click("Edit bob", b.driver(), Browser.button("Edit bob"));
        WebElement edit = b.dialog("Edit user bob");
        b.type(edit, "Name", "Robert Builder");
        b.type(edit, "E-mail", "robert@example.com");
        b.check(edit, "Administrator (sees every project, manages users)", true);
        b.check(edit, "Send e-mail alerts to this user", true);
        b.click(edit, "Save");
        b.dialogCloses("Edit user bob");
        WebElement row = b.rowOf("bob");
        assertThat(row.getText()).contains("Robert Builder", "robert@example.com", "admin");
        JsonNode bob = userNamed("bob");
        assertThat(bob.get("admin").asBoolean()).isTrue();
        assertThat(bob.get("alert").asBoolean()).isTrue();
        b.shot("users-01-edited");

        // set the password: bob's old sessions end, the new password works
        ApiClient bobBefore = server.login("bob", "bob-pw-1");
        b.click("Set password of bob", b.driver(), Browser.button("Set password of bob"));
        WebElement pw = b.dialog("Set password for bob");
        b.type(pw, "New password", "bob-pw-2");
        b.type(pw, "Repeat the new password", "bob-pw-2");
        b.click(pw, "Set password");
        b.dialogCloses("Set password for bob");
        b.toast("Password of bob changed");
        assertThat(bobBefore.get("/api/user").status()).as("bob's session from before the change").isEqualTo(401);
        ApiClient bobNow = server.login("bob", "bob-pw-2");
        String token = bobNow.post("/api/user/tokens", Map.of("name", "bob's script")).json().get("id").asText();
        ApiClient bobScript = server.anonymous().withBearer(token);
        assertThat(bobScript.get("/api/user").status()).isEqualTo(200);

        // delete: the row goes, and bob's session and token stop working at once
        b.click("Delete bob", b.driver(), Browser.button("Delete bob"));
        b.click("the confirm button", b.driver(), By.xpath("//*[@role='dialog']//button[normalize-space()='Delete']"));
        b.gone("bob's row", Browser.row("bob"));
        assertThat(bobNow.get("/api/user").status()).isEqualTo(401);
        assertThat(bobScript.get("/api/user").status()).isEqualTo(401);
        b.shot("users-02-deleted");
        done = 1;
    }

    @Test
    @Order(2)
    void profile_namedTokenWithExpiry_andEndingAnotherSession() {
        Browser b = after(1);
        ApiClient laptop = server.admin(); // the admin signed in elsewhere too
        b.open("/profile");
        b.click("New token");
        WebElement dialog = b.dialog("New API token");
        b.type(dialog, "Name (optional)", "nightly backup");
        b.choose(dialog, "Expires", "30 days");
        b.click(dialog, "Create token");
        b.dialogCloses("New API token");
        String token = b.visible("the new token", By.cssSelector("[data-testid='new-token']")).getText().trim();
        assertThat(server.anonymous().withBearer(token).get("/api/user").status()).isEqualTo(200);
        WebElement row = b.rowOf("nightly backup");
        assertThat(row.getText()).contains("active");
        JsonNode listed = laptop.get("/api/user/tokens").json();
        assertThat(listed).anySatisfy(t -> {
            assertThat(t.get("name").asText()).isEqualTo("nightly backup");
            Instant expires = Instant.parse(t.get("expires").asText());
            assertThat(Duration.between(Instant.now(), expires).toDays()).isBetween(29L, 30L);
        });

        // sessions: this browser is marked; the laptop's session ends from here
        WebElement sessions = b.visible("the sessions table", By.cssSelector("[data-testid='sessions']"));
        b.until("two sessions listed", d -> sessions.findElements(By.cssSelector("tbody tr")).size() >= 2 ? true : null);
        assertThat(sessions.getText()).contains("this browser");
        int laptopSession = 0;
        for (JsonNode s : laptop.get("/api/user/sessions").json()) {
            if (s.get("current").asBoolean()) {
                laptopSession = s.get("id").asInt();
            }
        }
        b.shot("profile-01-tokens-and-sessions");
        b.click("End session " + laptopSession, b.driver(), Browser.button("End session " + laptopSession));
        b.click("the confirm button", b.driver(), By.xpath("//*[@role='dialog']//button[normalize-space()='End session']"));
        b.toast("Session ended");
        assertThat(laptop.get("/api/user").status()).isEqualTo(401);
        b.gone("the ended session's button", Browser.button("End session " + laptopSession));
        done = 2;
    }

    @Test
    @Order(3)
    void phoneWidth_andDarkTheme_usersAndProfileFit() {
        Browser b = after(2);
        var window = b.driver().manage().window();
        Dimension desktop = window.getSize();
        try {
            window.setSize(new Dimension(390, 844));
            for (boolean dark : List.of(false, true)) {
                for (String page : List.of("/users", "/profile")) {
                    b.open(page);
                    b.visible("the page's heading", By.cssSelector("main h1, main .text-h5, main h2"));
                    if (dark != Boolean.TRUE.equals(b.js("return !!document.querySelector('.v-application.v-theme--dark');"))) {
                        b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
                    }
                    b.until(page + " to fit a phone's width", d -> {
                        Object overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;");
                        return overflow instanceof Number n && n.longValue() <= 0 ? true : null;
                    });
                    b.shot("phone-" + (dark ? "dark" : "light") + page.replace('/', '-'));
                }
            }
            // a dialog on a phone: the new-user form takes the screen and can be filled
            b.open("/users");
            b.click("New user");
            WebElement form = b.dialog("New user");
            b.type(form, "Name", "Carol");
            b.shot("phone-dark-new-user");
            b.click(form, "Cancel");
            b.dialogCloses("New user");
        } finally {
            window.setSize(desktop);
            if (Boolean.TRUE.equals(b.js("return !!document.querySelector('.v-application.v-theme--dark');"))) {
                b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
            }
        }
    }

    private JsonNode userNamed(String login) {
        for (JsonNode u : server.admin().get("/api/users").json()) {
            if (u.get("username").asText().equals(login)) {
                return u;
            }
        }
        throw new AssertionError("no user " + login);
    }
}
