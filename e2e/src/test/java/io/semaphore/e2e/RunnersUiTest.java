package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.runner.RunnerService;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Remote runners in the browser against the real server: an administrator creates a global runner and sees its
 * token once (the token works, and is nowhere on the page or in the API afterwards), sees it come online, disables
 * it (its token is refused at once) and deletes it (its token stops working); a project's own runners page, which
 * also lists the global runners read-only; a template's runner tag; the pages and the new token's dialog at a
 * phone's width in both themes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunnersUiTest extends ProjectBrowserSteps {
    RunnerService runners;

    @BeforeAll
    void start() {
        server = TestServer.start(DbKind.SQLITE);
        admin = server.admin();
        runners = server.services().runners();
        project = admin.post("/api/projects", Map.of("name", "Edge")).json().get("id").asInt();
        Path repo = GitRepos.create(server.dir(), "jobs", Map.of("job.sh", "#!/bin/bash\necho job\n"));
        int none = admin.get(p() + "/keys").json().get(0).get("id").asInt();
        admin.post(p() + "/repositories", Map.of("name", "jobs", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int repoId = admin.get(p() + "/repositories").json().get(0).get("id").asInt();
        admin.post(p() + "/templates", Map.of("name", "job", "app", "bash", "playbook", "job.sh", "repository_id", repoId));
    }

    @Test
    @Order(1)
    void admin_createsARunner_seesItsTokenOnce_seesItOnline_disablesAndDeletesIt() {
        Browser b = after(0);
        expected.add(new ExpectedHttpError("/api/user", 401, "the UI's initial am-I-signed-in check"));
        b.open("/");
        b.until("the sign-in page", d -> b.path().startsWith("/auth/login") ? true : null);
        b.type(b.driver(), "Username or e-mail", "admin");
        b.type(b.driver(), "Password", TestServer.ADMIN_PASSWORD);
        b.click("Sign in");
        b.until("signed in", d -> !b.path().startsWith("/auth/login") ? true : null);
        b.open("/runners");
        b.sees("No runners yet");
        b.click("New runner");
        WebElement form = b.dialog("New runner");
        b.type(form, "Name", "edge-1");
        b.type(form, "Tag", "dmz");
        b.type(form, "Max parallel tasks", "-1");
        b.sees("Enter a whole number, 0 or more");
        b.type(form, "Max parallel tasks", "2");
        b.click(form, "Create");
        b.dialogCloses("New runner");

        // the token, once, with the configuration to copy
        WebElement shown = b.dialog("Runner edge-1 created");
        String token = b.visible("the new token", By.cssSelector("[data-testid='new-runner-token']")).getText().trim();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        String config = b.visible("the config file", By.cssSelector("[data-testid='runner-config']")).getText();
        assertThat(config).contains("\"token\": \"" + token + "\"", "\"web_host\": \"" + server.baseUrl() + "\"");
        b.click(shown, "Environment");
        assertThat(b.visible("the environment command", By.cssSelector("[data-testid='runner-env']")).getText())
                .contains("SEMAPHORE_RUNNER_TOKEN=" + token, "semaphore runner start --no-config");
        b.shot("runners-01-token");
        int id = runners.authenticate(token).id(); // the token shown is the runner's
        b.click(shown, "I have copied the token");
        b.dialogCloses("Runner edge-1 created");
        WebElement row = b.rowOf("edge-1");
        assertThat(row.getText()).contains("never seen", "dmz", "2");
        assertThat(b.bodyText()).doesNotContain(token);
        assertThat(admin.get("/api/runners").body()).doesNotContain(token);
        JsonNode listed = admin.get("/api/runners/" + id).json();
        assertThat(listed.get("tag").asText()).isEqualTo("dmz");
        assertThat(listed.get("max_parallel_tasks").asInt()).isEqualTo(2);
        assertThat(listed.get("online").asBoolean()).isFalse();

        // the runner polls: the list shows it online (it is read again every 10 s; a reload is quicker)
        runners.heartbeat(id);
        b.open("/runners");
        b.until("edge-1 to show online", d -> b.rowOf("edge-1").getText().contains("online") ? true : null);
        assertThat(b.rowOf("edge-1").getText()).contains("seen just now");
        b.shot("runners-02-online");

        // disable: the switch, and the token is refused at once
        b.click("the active switch of edge-1", b.rowOf("edge-1"),
                By.cssSelector("[data-testid='runner-active'] .v-selection-control__input"));
        b.toast("Runner edge-1 disabled");
        b.until("the API to say disabled", d -> !admin.get("/api/runners/" + id).json().get("active").asBoolean() ? true : null);
        assertThatThrownBy(() -> runners.authenticate(token)).isInstanceOf(ForbiddenException.class);

        // edit
        b.click("Edit edge-1", b.driver(), Browser.button("Edit edge-1"));
        WebElement edit = b.dialog("Edit runner edge-1");
        b.type(edit, "Max parallel tasks", "0");
        b.click(edit, "Save");
        b.dialogCloses("Edit runner edge-1");
        b.until("no limit shown", d -> b.rowOf("edge-1").getText().contains("∞") ? true : null);
        JsonNode edited = admin.get("/api/runners/" + id).json();
        assertThat(edited.get("max_parallel_tasks").asInt()).isZero();
        assertThat(edited.get("active").asBoolean()).as("editing keeps it disabled").isFalse();

        // delete, after the question: the row goes and the token stops working
        b.click("Delete edge-1", b.driver(), Browser.button("Delete edge-1"));
        b.click("the confirm button", b.driver(), By.xpath("//*[@role='dialog']//button[normalize-space()='Delete']"));
        b.gone("edge-1's row", Browser.row("edge-1"));
        assertThatThrownBy(() -> runners.authenticate(token)).isInstanceOf(UnauthorizedException.class);
        assertThat(admin.get("/api/runners/" + id).status()).isEqualTo(404);
        b.shot("runners-03-deleted");
        done = 1;
    }

    @Test
    @Order(2)
    void projectRunners_ownOnesAreManaged_globalOnesListedReadOnly_andATemplateAsksForATag() {
        Browser b = after(1);
        admin.post("/api/runners", Map.of("name", "shared", "tag", "gpu"));
        b.open("/project/" + project + "/runners");
        b.click("New runner");
        WebElement form = b.dialog("New runner");
        b.type(form, "Name", "edge-proj");
        b.type(form, "Tag", "dmz");
        b.click(form, "Create");
        b.dialogCloses("New runner");
        WebElement shown = b.dialog("Runner edge-proj created");
        String token = b.visible("the new token", By.cssSelector("[data-testid='new-runner-token']")).getText().trim();
        assertThat(runners.authenticate(token).projectId()).isEqualTo(project);
        b.click(shown, "I have copied the token");
        b.dialogCloses("Runner edge-proj created");
        assertThat(b.rowOf("edge-proj").getText()).contains("dmz").doesNotContain("global");
        WebElement global = b.rowOf("shared");
        assertThat(global.getText()).contains("global", "gpu", "managed by administrators");
        assertThat(global.findElements(By.xpath(".//button[@aria-label='Delete shared']"))).isEmpty();
        b.shot("runners-04-project");

        // the template editor offers the runner tags, and saves the one chosen
        b.nav("Task Templates");
        b.click("Edit job");
        WebElement edit = b.dialog("Edit template job");
        b.click(edit, "Advanced");
        b.type(edit, "Runner tag", "dmz");
        // leave the field, so its list of the runners' tags closes and uncovers the buttons
        b.field(edit, "Runner tag").sendKeys(Keys.TAB);
        b.gone("the runner tags' list", By.xpath("//*[@role='option'][normalize-space()='dmz']"));
        b.click(edit, "Save");
        b.dialogCloses("Edit template job");
        JsonNode tpl = admin.get(p() + "/templates").json().get(0);
        assertThat(tpl.get("runner_tag").asText()).isEqualTo("dmz");
        done = 2;
    }

    @Test
    @Order(3)
    void phoneWidth_andDarkTheme_runnerPagesFit() {
        Browser b = after(2);
        var window = b.driver().manage().window();
        Dimension desktop = window.getSize();
        try {
            window.setSize(new Dimension(390, 844));
            for (boolean dark : List.of(false, true)) {
                for (String page : List.of("/runners", "/project/" + project + "/runners")) {
                    b.open(page);
                    b.rowOf("shared");
                    if (dark != Boolean.TRUE.equals(b.js("return !!document.querySelector('.v-application.v-theme--dark');"))) {
                        b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
                    }
                    b.until(page + " to fit a phone's width", d -> {
                        Object overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;");
                        return overflow instanceof Number n && n.longValue() <= 0 ? true : null;
                    });
                    b.shot("runners-phone-" + (dark ? "dark" : "light") + page.replace('/', '-'));
                }
                newTokenOnAPhone(b, dark ? "dark" : "light");
            }
        } finally {
            window.setSize(desktop);
            if (Boolean.TRUE.equals(b.js("return !!document.querySelector('.v-application.v-theme--dark');"))) {
                b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
            }
        }
    }

    /**
     * A new runner's token on a phone: the long token and commands wrap or scroll inside the dialog, which never
     * widens the page, and its close button is on the screen and on top, whichever tab is open.
     */
    private void newTokenOnAPhone(Browser b, String theme) {
        String name = "pocket-" + theme;
        b.open("/runners");
        b.click("New runner");
        WebElement form = b.dialog("New runner");
        b.type(form, "Name", name);
        b.click(form, "Create");
        b.dialogCloses("New runner");
        WebElement shown = b.dialog("Runner " + name + " created");
        WebElement token = b.visible("the new token", By.cssSelector("[data-testid='new-runner-token']"));
        assertThat(runners.authenticate(token.getText().replaceAll("\\s", "")).name()).isEqualTo(name);
        WebElement close = Browser.displayed(shown, Browser.button("I have copied the token"));
        // Right after Create (the pointer, like a finger, still where Create was) and right after a copy's message:
        // no message lies over the button.
        b.until("the token dialog (" + theme + ") to settle", d -> onScreenAndOnTop(b, token) ? true : null);
        assertThat(onScreenAndOnTop(b, close)).as("the close button is free after Create").isTrue();
        b.click(shown, "Copy");
        b.visible("the copy's message", By.xpath("//*[@role='status'][contains(., 'clipboard') or contains(., 'copy')]"));
        assertThat(onScreenAndOnTop(b, close)).as("the close button is free while a copy's message shows").isTrue();
        for (String tab : List.of("Config file", "Environment", "Self-registration")) {
            b.click(shown, tab);
            b.until("the token dialog (" + tab + ", " + theme + ") to fit a phone's screen", d -> {
                Object overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;");
                return overflow instanceof Number n && n.longValue() <= 0 && onScreenAndOnTop(b, close)
                        && (!tab.equals("Config file") || onScreenAndOnTop(b, token)) ? true : null;
            });
            b.shot("runners-phone-token-" + theme + "-" + tab.replace(' ', '-').toLowerCase());
        }
        b.click(shown, "I have copied the token");
        b.dialogCloses("Runner " + name + " created");
    }

    /** The element is inside the window and nothing covers its middle (a person can see and tap it). */
    private static boolean onScreenAndOnTop(Browser b, WebElement e) {
        return Boolean.TRUE.equals(b.js("""
                const e = arguments[0], r = e.getBoundingClientRect();
                if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > window.innerWidth || r.bottom > window.innerHeight) {
                  return false;
                }
                const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return !!top && (top === e || e.contains(top));
                """, e));
    }
}
