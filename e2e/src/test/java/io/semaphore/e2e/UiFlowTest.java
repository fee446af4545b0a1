package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
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
import org.openqa.selenium.WebElement;

/**
 * The built web UI in headless chromium against the real server on SQLite, as a new user would use it: sign
 * in, create a project, a key, a repository (a local git repository), an inventory, a variable group and
 * templates, run a bash and an ansible task, stop a long one, edit and delete things, and read the server's
 * message when it refuses; follow a task's log live on its page. The steps build on each other's data, so they run in
 * order on one server and one browser, but each opens its own page by URL (no dialog of an earlier step is left).
 *
 * <p>After every step the browser console must hold no SEVERE entry, except the HTTP error responses the step
 * provokes on purpose (listed with {@link #expectHttpError}); screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiFlowTest {
    private static final long ONE_MB = 1_000_000;
    private static final String LOGIN = "alice";
    private static final String PASSWORD = "alice-pw-1";

    TestServer server;
    Browser browser;
    /** The new user's own API session, to check what the UI shows against what the server stored. */
    ApiClient alice;
    Path repoDir;
    int project;
    final List<ExpectedHttpError> expected = new ArrayList<>();
    /** The newest task started so far. */
    long lastTask;
    /** The last task started from each template, by template name. */
    final Map<String, Long> tasks = new java.util.LinkedHashMap<>();
    /** The last step of the flow that passed: a step skips when the one it builds on failed. */
    int done;

    @BeforeAll
    void start() {
        // The server serves the first public/index.html on the classpath; it must be the built UI, not the
        // stand-in of the server's test-jar (see the order of dependencies in e2e/pom.xml).
        URL index = getClass().getClassLoader().getResource("public/index.html");
        assertThat(index).as("public/index.html of the web module on the classpath").isNotNull();
        assertThat(index.toString()).as("the UI the server will serve").contains("semaphore-web");
        server = TestServer.start(DbKind.SQLITE, c -> c.put("non_admin_can_create_project", true));
        repoDir = GitRepos.create(server.dir(), "scripts", Map.of(
                "hello.sh", "#!/bin/bash\necho \"hello $GREETING\"\n"
                        + "for i in 1 2 3 4 5 6; do echo \"step $i\"; sleep 0.5; done\necho \"all done\"\n",
                "slow.sh", "#!/bin/bash\necho started\nsleep 120 & wait\necho never\n",
                "long.sh", "#!/bin/bash\necho needle-near-the-start\nseq 1 200000 | sed 's/^/row /'\necho the end\n",
                "site.yml", """
                        - hosts: localhost
                          connection: local
                          gather_facts: false
                          tasks:
                            - name: greet
                              debug:
                                msg: "hello from ansible"
                        """));
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Starts a browser step that builds on step {@code previous}: skipped when that one did not pass. */
    Browser after(int previous) {
        Assumptions.assumeTrue(done >= previous, "skipped: step " + previous + " of the flow, which this one builds on, did not pass");
        return browser();
    }

    /** The browser starts with the first test that needs it (the size check below needs none). */
    Browser browser() {
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

    void expectHttpError(String path, int status, String why) {
        expected.add(new ExpectedHttpError(path, status, why));
    }

    String p() {
        return "/api/project/" + project;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(0)
    void builtUi_firstLoadIsUnderOneMegabyteOfCompressedJavaScript() {
        String index = resource("public/index.html");
        Set<String> scripts = new LinkedHashSet<>();
        Matcher entry = Pattern.compile("<script[^>]*\\bsrc=\"([^\"]+\\.js)\"").matcher(index);
        while (entry.find()) {
            scripts.add(entry.group(1));
        }
        assertThat(scripts).as("entry script in index.html:\n%s", index).isNotEmpty();
        Matcher link = Pattern.compile("<link\\b[^>]*>").matcher(index);
        while (link.find()) {
            String tag = link.group();
            Matcher href = Pattern.compile("\\bhref=\"([^\"]+\\.js)\"").matcher(tag);
            if (tag.contains("rel=\"modulepreload\"") && href.find()) {
                scripts.add(href.group(1));
            }
        }
        long total = gzippedSize(scripts);
        System.out.printf("First load (index.html entry + modulepreload): %d JS files, %d bytes gzip%n", scripts.size(), total);
        assertThat(total).as("gzip size of %s", scripts).isLessThan(ONE_MB);
    }

    @Test
    @Order(1)
    void newUser_isCreatedByTheAdmin_thenSignsIn_andCreatesAProject() {
        Browser b = after(0);
        // The UI asks GET /api/user "who am I?" on its first load; signed out, the answer is 401 by design,
        // and Chrome logs every HTTP error response as a console error. Only that one response is excused.
        expectHttpError("/api/user", 401, "the UI's initial am-I-signed-in check, before anyone signed in");
        b.open("/");
        b.onSignInPage();
        b.visible("the Sign in button", Browser.button("Sign in"));
        b.shot("01-sign-in");
        b.signIn("admin", TestServer.ADMIN_PASSWORD);
        b.sees("No projects yet");

        b.nav("Users");
        b.click("New user");
        WebElement form = b.dialog("New user");
        b.type(form, "Name", "Alice Example");
        b.type(form, "Username", LOGIN);
        b.type(form, "E-mail", "alice@example.com");
        b.type(form, "Password", PASSWORD);
        b.click(form, "Create");
        b.dialogCloses("New user");
        assertThat(b.rowOf(LOGIN).getText()).contains("Alice Example", "alice@example.com");
        b.shot("02-users");
        b.signOut();

        // A wrong password: the form shows the server's own message.
        expectHttpError("/api/auth/login", 401, "a wrong password, typed on purpose");
        b.signIn(LOGIN, "not-the-password");
        assertThat(b.alertIn(b.driver())).isEqualTo("Incorrect login or password");
        assertThat(b.path()).startsWith("/auth/login");
        b.shot("03-sign-in-refused");

        b.signIn(LOGIN, PASSWORD);
        b.sees("No projects yet");
        b.click("New project");
        WebElement dialog = b.dialog("New project");
        b.type(dialog, "Project name", "Demo");
        b.click(dialog, "Create");
        String path = b.until("the new project's dashboard",
                d -> b.path().matches("/project/\\d+/history") ? b.path() : null);
        project = Integer.parseInt(path.split("/")[2]);
        b.sees("No tasks have run yet");
        b.shot("04-dashboard-empty");
        alice = server.login(LOGIN, PASSWORD);
        done = Math.max(done, 1);
    }

    @Test
    @Order(2)
    void signedInFirstLoad_isUnderOneMegabyteOfCompressedJavaScript() {
        Browser b = after(1);
        b.driver().navigate().refresh();
        b.sees("No tasks have run yet");
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) b.js("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => n.split('?')[0].endsWith('.js'))");
        Set<String> scripts = new LinkedHashSet<>();
        for (String u : urls) {
            scripts.add(URI.create(u).getPath());
        }
        assertThat(scripts).isNotEmpty();
        long total = gzippedSize(scripts);
        System.out.printf("First load of a signed-in dashboard in chromium: %d JS files, %d bytes gzip%n", scripts.size(), total);
        assertThat(total).as("gzip size of %s", scripts).isLessThan(ONE_MB);
    }

    @Test
    @Order(3)
    void keyStore_refusesABadKeyWithTheServersMessage_thenCreatesEditsAndDeletes() {
        Browser b = after(1);
        b.nav("Key Store");
        b.rowOf("None");
        b.click("New key");
        WebElement form = b.dialog("New key");
        b.type(form, "Key name", "deploy");
        b.type(form, "Private key", "this is not a private key");
        expectHttpError(p() + "/keys", 400, "a key whose private key is not a key, refused on purpose");
        b.click(form, "Create");
        assertThat(b.alertIn(form)).contains("Field 'ssh.private_key' is not a private key");
        b.shot("05-key-refused");

        b.choose(form, "Type", "Login with password");
        b.type(form, "Login", "deploy");
        b.type(form, "Password", "s3cret-pw");
        b.click(form, "Create");
        b.dialogCloses("New key");
        assertThat(b.rowOf("deploy").getText()).contains("Login with password");

        b.click("Edit deploy");
        WebElement edit = b.dialog("Edit key deploy");
        b.type(edit, "Key name", "deploy-login");
        b.click(edit, "Save");
        b.dialogCloses("Edit key deploy");
        b.rowOf("deploy-login");
        b.shot("06-keys");

        b.click("Delete deploy-login");
        WebElement confirm = b.dialog("Delete key \"deploy-login\"?");
        b.click(confirm, "Delete");
        b.dialogCloses("Delete key \"deploy-login\"?");
        b.gone("the deleted key", Browser.row("deploy-login"));
        assertThat(alice.get(p() + "/keys").json().findValuesAsText("name")).containsExactly("None");
        done = Math.max(done, 3);
    }

    @Test
    @Order(4)
    void repositoryInventoryAndVariableGroup_areCreatedAndEdited() {
        Browser b = after(3);
        b.nav("Repositories");
        b.click("New repository");
        WebElement repo = b.dialog("New repository");
        b.type(repo, "Name", "scripts");
        b.type(repo, "URL or path", repoDir.toString());
        b.type(repo, "Branch", "main");
        b.choose(repo, "Access key", "None");
        b.click(repo, "Create");
        b.dialogCloses("New repository");
        assertThat(b.rowOf("scripts").getText()).contains(repoDir.toString(), "main", "None");
        b.shot("07-repositories");

        b.nav("Inventory");
        b.click("New inventory");
        WebElement inv = b.dialog("New inventory");
        b.type(inv, "Name", "localhost");
        b.choose(inv, "User credentials", "None");
        b.type(inv, "Inventory", "[local]\nlocalhost ansible_connection=local");
        b.shot("08-inventory-editor"); // the INI highlighting must line up with the typed text
        b.click(inv, "Create");
        b.dialogCloses("New inventory");
        assertThat(b.rowOf("localhost").getText()).contains("Static (INI)");
        b.shot("08-inventory");

        b.nav("Variable Groups");
        b.click("New group");
        WebElement env = b.dialog("New variable group");
        b.type(env, "Name", "greeting");
        b.click(env, "Environment");
        b.type(env, "Environment variables (JSON object)", "{\"GREETING\": \"hi there\"}");
        b.shot("09-variable-group-editor");
        b.click(env, "Create");
        b.dialogCloses("New variable group");
        b.rowOf("greeting");

        b.click("Edit greeting");
        WebElement edit = b.dialog("Edit variable group greeting");
        b.type(edit, "Name", "greeting-vars");
        b.click(edit, "Save");
        b.dialogCloses("Edit variable group greeting");
        // columns: name, extra variables, environment variables, secrets (counts), actions
        assertThat(b.rowOf("greeting-vars").findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .startsWith("greeting-vars", "0", "1", "0");
        b.shot("09-variable-groups");
        JsonNode stored = alice.get(p() + "/environment").json();
        assertThat(stored.toString()).contains("GREETING", "hi there");
        done = Math.max(done, 4);
    }

    @Test
    @Order(5)
    void templates_areCreatedAndEdited_andARepositoryInUseIsNotDeleted() {
        Browser b = after(4);
        b.nav("Task Templates");
        newTemplate("hello", "Bash", "Script filename", "hello.sh", Map.of("Variable group (optional)", "greeting-vars"));
        newTemplate("ping", null, "Playbook filename", "site.yml", Map.of("Inventory", "localhost"));
        newTemplate("slow", "Bash", "Script filename", "slow.sh", Map.of());
        assertThat(b.rowOf("ping").getText()).contains("Ansible", "site.yml", "Never run");

        b.click("Edit hello");
        WebElement edit = b.dialog("Edit template hello");
        b.type(edit, "Description (optional)", "Greets from bash");
        b.click(edit, "Save");
        b.dialogCloses("Edit template hello");
        b.sees("Greets from bash");
        b.shot("10-templates");

        // Deleting a repository that templates use: the confirm dialog stays open with the server's reason.
        b.nav("Repositories");
        int repoId = alice.get(p() + "/repositories").json().get(0).get("id").asInt();
        expectHttpError(p() + "/repositories/" + repoId, 409, "deleting a repository in use, refused on purpose");
        b.click("Delete scripts");
        WebElement confirm = b.dialog("Delete repository \"scripts\"?");
        b.click(confirm, "Delete");
        assertThat(b.alertIn(confirm)).startsWith("Repository scripts is in use by").contains("hello", "ping", "slow");
        b.shot("11-delete-refused");
        b.click(confirm, "Cancel");
        b.dialogCloses("Delete repository \"scripts\"?");
        b.rowOf("scripts");
        done = Math.max(done, 5);
    }

    @Test
    @Order(6)
    void bashTask_runsFromTheUi_logLinesArriveLive_andTheDashboardShowsSuccess() {
        Browser b = after(5);
        openProjectPage("templates");
        b.click("Run hello");
        WebElement run = b.dialog("Run hello");
        b.type(run, "Message (optional)", "first run");
        b.shot("12-run-dialog");
        b.click(run, "Run");
        long task = startedTask("hello");

        // The task page follows the output live: lines must be in the log viewer while the task still runs.
        // (status chip, server status, lines): what the page showed over time, for the failure message
        List<String> seen = new ArrayList<>();
        boolean sawLiveLines = false;
        String status = "";
        List<String> lines = List.of();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            status = taskStatus();
            lines = logLines();
            String serverStatus = alice.get(p() + "/tasks/" + task).json().get("status").asText();
            String now = status + " (server " + serverStatus + "): " + lines.size() + " lines"
                    + (lines.isEmpty() ? "" : ", last \"" + lines.get(lines.size() - 1) + "\"");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
            }
            if (status.equals("Running") && lines.contains("step 1") && !lines.contains("all done")) {
                sawLiveLines = true;
            }
            if (status.equals("Success") || status.equals("Failed") || status.equals("Stopped")) {
                break;
            }
            sleep(100);
        }
        String trace = String.join("\n", seen);
        assertThat(status).as("task page status; log:\n%s\nwhat the page showed:\n%s", String.join("\n", lines), trace)
                .isEqualTo("Success");
        assertThat(sawLiveLines).as("log lines on the task page while its status chip said Running; what the page showed:\n%s", trace)
                .isTrue();
        System.out.println("Task page of the bash task over time:\n" + trace);
        List<String> shown = b.until("the whole log on the task page",
                d -> logLines().contains("all done") ? logLines() : null);
        assertThat(shown).contains("hello hi there", "step 1", "step 6", "all done");
        assertThat(shown).as("the log viewer shows what the server stored").containsAll(output(task));
        b.sees("first run");
        b.shot("13-task-log");

        // The dashboard lists it with its status.
        b.nav("Dashboard");
        awaitRowStatus(task, "Success", Duration.ofSeconds(30));
        assertThat(b.rowOf("#" + task).getText()).contains("hello", "first run", "Alice Example");
        b.shot("14-dashboard-success");
        done = Math.max(done, 6);
    }

    @Test
    @Order(7)
    void ansibleTask_runsFromTheUi_andSucceeds() {
        Browser b = after(5);
        openProjectPage("templates");
        b.click("Run ping");
        WebElement run = b.dialog("Run ping");
        By limit = By.xpath(".//label[normalize-space()='Limit']");
        assertThat(Browser.displayed(run, limit)).as("the Limit field before opening Options").isNull();
        b.click("the Options section", run, By.cssSelector("[data-testid='run-options']"));
        b.field(run, "Limit");
        b.click(run, "Run");
        long task = startedTask("ping");
        awaitTaskPageStatus("Success", Duration.ofSeconds(100));
        b.until("the ansible output on the task page", d -> String.join("\n", logLines()).contains("hello from ansible") ? true : null);
        assertThat(String.join("\n", output(task))).contains("hello from ansible");
        b.shot("15-task-ansible");

        b.nav("Dashboard");
        awaitRowStatus(task, "Success", Duration.ofSeconds(30));
        assertThat(b.rowOf("#" + task).getText()).contains("ping", "Alice Example");
        b.shot("16-dashboard-ansible");
        done = Math.max(done, 7);
    }

    @Test
    @Order(8)
    void longTask_isStoppedFromTheTaskPage() {
        Browser b = after(5);
        openProjectPage("templates");
        b.click("Run slow");
        b.click(b.dialog("Run slow"), "Run");
        long task = startedTask("slow");
        awaitTaskPageStatus("Running", Duration.ofSeconds(30));
        b.until("the first line of the slow task on the task page", d -> logLines().contains("started") ? true : null);

        // The dashboard shows it running (with its Stop button); its row leads back to the task.
        b.nav("Dashboard");
        awaitRowStatus(task, "Running", Duration.ofSeconds(15));
        b.visible("the dashboard's Stop button", Browser.button("Stop task " + task));
        b.shot("17-dashboard-running");
        b.click("#" + task, b.driver(), By.xpath("//tr//a[normalize-space()=" + Browser.literal("#" + task) + "]"));
        b.until("the task page of #" + task, d -> b.path().equals("/project/" + project + "/tasks/" + task) ? true : null);
        awaitTaskPageStatus("Running", Duration.ofSeconds(15));

        b.click("the task page's Stop button", b.driver(), By.cssSelector("[data-testid='task-stop']"));
        b.toast("Stopping task #" + task);
        awaitTaskPageStatus("Stopped", Duration.ofSeconds(30));
        b.gone("the Stop button", By.cssSelector("[data-testid='task-stop']"));
        b.visible("the Re-run button", By.cssSelector("[data-testid='task-rerun']"));
        assertThat(logLines()).contains("started");
        b.shot("18-task-stopped");
        JsonNode stopped = alice.get(p() + "/tasks/" + task).json();
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        // Ended long before its 120 s sleep. (Whether the script's last line ran is not asserted: a graceful stop
        // signals the sleep before the shell, and the shell sometimes runs "echo never" in between.)
        assertThat(Duration.between(Instant.parse(stopped.get("start").asText()), Instant.parse(stopped.get("end").asText())))
                .isLessThan(Duration.ofSeconds(60));

        b.nav("Dashboard");
        awaitRowStatus(task, "Stopped", Duration.ofSeconds(15));
        b.gone("the dashboard's Stop button", Browser.button("Stop task " + task));
        b.shot("19-dashboard-stopped");
        done = Math.max(done, 8);
    }

    @Test
    @Order(9)
    void dashboardAndTemplates_showEveryTaskWithItsLastStatus() {
        Browser b = after(5);
        Assumptions.assumeFalse(tasks.isEmpty(), "skipped: no task was started");
        openProjectPage("history");
        tasks.forEach((template, task) -> {
            String status = statusTitle(alice.get(p() + "/tasks/" + task).json().get("status").asText());
            awaitRowStatus(task, status, Duration.ofSeconds(15));
            assertThat(b.rowOf("#" + task).getText()).contains(template);
        });
        b.shot("20-dashboard-all");

        // The template list's "Last run" is each template's newest task: its status links to the task.
        b.nav("Task Templates");
        tasks.forEach((template, task) -> {
            String status = statusTitle(alice.get(p() + "/tasks/" + task).json().get("status").asText());
            WebElement link = b.visible("the last run of " + template,
                    By.xpath("//tr[td//a[normalize-space()=" + Browser.literal(template) + "]]//a[@aria-label='Task " + task + "']"));
            assertThat(link.getText()).isEqualTo(status);
        });
        b.shot("21-templates-last-run");
        b.click("the last run of " + tasks.keySet().iterator().next(), b.driver(),
                By.xpath("//a[@aria-label='Task " + tasks.values().iterator().next() + "']"));
        b.until("the task page", d -> b.path().equals("/project/" + project + "/tasks/" + tasks.values().iterator().next()) ? true : null);
        b.visible("the task log", By.cssSelector("[data-testid='task-log']"));
        done = Math.max(done, 9);
    }

    @Test
    @Order(10)
    void templateIsDeleted() {
        Browser b = after(5);
        openProjectPage("templates");
        b.click("Delete slow");
        WebElement confirm = b.dialog("Delete template \"slow\"?");
        b.click(confirm, "Delete");
        b.dialogCloses("Delete template \"slow\"?");
        b.gone("the deleted template", Browser.row("slow"));
        b.rowOf("hello");
        b.shot("22-templates-after-delete");
        assertThat(alice.get(p() + "/templates").json().findValuesAsText("name")).containsExactlyInAnyOrder("hello", "ping");
        done = Math.max(done, 10);
    }

    @Test
    @Order(11)
    void projectsPage_listsTheProject_andOpensItsDashboard() {
        Browser b = after(2);
        b.open("/projects");
        b.sees("1 project");
        b.shot("23-projects");
        b.click("the Demo project", b.driver(), By.xpath("//main//a[.//*[normalize-space()='Demo'] or normalize-space()='Demo']"));
        b.until("the Demo dashboard", d -> b.path().startsWith("/project/" + project) ? true : null);
        b.visible("the navigation", By.xpath("//nav//a[normalize-space()='Dashboard']"));
    }

    @Test
    @Order(12)
    void phoneSizedScreen_andDarkTheme_pagesFitWithoutSidewaysScrolling() {
        Browser b = after(9);
        var window = b.driver().manage().window();
        org.openqa.selenium.Dimension desktop = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(390, 844));
            for (String page : List.of("history", "templates", "inventory", "keys", "integrations")) {
                b.open("/project/" + project + "/" + page); // the drawer is hidden on a phone: no navigation check
                b.visible("the page's heading", By.cssSelector("main h1, main .text-h5, main h2"));
                b.until("the " + page + " page to fit a phone's width", d -> {
                    Object overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;");
                    return overflow instanceof Number n && n.longValue() <= 0 ? true : null;
                });
                b.shot("24-phone-" + page);
            }
            b.open("/project/" + project + "/tasks/" + tasks.values().iterator().next());
            b.visible("the task log", By.cssSelector("[data-testid='task-log']"));
            b.shot("24-phone-task");
        } finally {
            window.setSize(desktop);
        }
        openProjectPage("history");
        b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
        // the page's cards turn dark too (a light card with light text would be unreadable)
        b.until("the dark theme on the dashboard's card", d -> Boolean.TRUE.equals(b.js(
                "const c = document.querySelector('main .v-card'); if (!c) return false;"
                + " const m = getComputedStyle(c).backgroundColor.match(/\\d+(\\.\\d+)?/g).map(Number);"
                + " return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255 < 0.3;")) ? true : null);
        b.shot("25-dark-dashboard");
        b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
        b.until("the light theme", d -> Boolean.TRUE.equals(b.js("return !document.querySelector('.v-application.v-theme--dark');")) ? true : null);
    }

    @Test
    @Order(13)
    void integration_isCreated_givesACopyableWebhookUrl_thatStartsATask_andSettingsSendATest() {
        Browser b = after(9);
        openProjectPage("integrations");
        b.click("New integration");
        WebElement form = b.dialog("New integration");
        b.type(form, "Name", "on push");
        b.choose(form, "Template to run", "hello");
        b.click(form, "Create");
        b.dialogCloses("New integration");
        b.rowOf("on push");
        int id = alice.get(p() + "/integrations").json().get(0).get("id").asInt();
        b.click("the integration's details", b.driver(), By.cssSelector("[data-testid='integration-details-" + id + "']"));
        b.click("Add a URL", b.driver(), By.cssSelector("[data-testid='add-alias']"));
        String url = b.visible("the webhook URL", By.cssSelector("[data-testid='webhook-url']")).getText().trim();
        assertThat(url).startsWith(server.baseUrl() + "/api/integrations/");
        assertThat(b.visible("the curl example", By.cssSelector("[data-testid='curl-example']")).getText())
                .contains("curl -X POST '" + url + "'");
        b.shot("26-integration-details");
        int before = alice.get(p() + "/tasks").json().size();
        ApiClient.Response delivered = server.anonymous().send("POST", url.substring(server.baseUrl().length()),
                "application/json", "{\"ref\": \"refs/heads/main\"}", Map.of());
        assertThat(delivered.status()).isEqualTo(204);
        JsonNode newest = alice.get(p() + "/tasks").json();
        assertThat(newest.size()).isEqualTo(before + 1);
        assertThat(newest.get(0).get("integration_id").asInt()).isEqualTo(id);

        openProjectPage("settings");
        b.click("Send a test", b.driver(), By.cssSelector("[data-testid='send-test-notification']"));
        b.visible("the test's result", By.cssSelector("[data-testid='test-results']"));
        b.sees("No notifier is enabled");
        b.shot("27-settings-notification-test");
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(13)
    void longLog_searchFindsALineNearTheStartInUnderASecond_goToLine_andTimesToggle() {
        Browser b = after(6);
        int repo = alice.get(p() + "/repositories").json().get(0).get("id").asInt();
        int tpl = alice.post(p() + "/templates", Map.of("name", "long", "app", "bash", "playbook", "long.sh",
                "repository_id", repo)).json().get("id").asInt();
        long task = alice.post(p() + "/tasks", Map.of("template_id", tpl)).json().get("id").asLong();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)
                && !alice.get(p() + "/tasks/" + task).json().get("status").asText().equals("success")) {
            sleep(200);
        }
        b.open("/project/" + project + "/tasks/" + task);
        b.until("the end of the log", d -> logLines().contains("the end") ? true : null);

        WebElement search = b.visible("the log search", By.cssSelector("[data-testid='log-search'] input"));
        search.sendKeys("needle-near-the-start");
        long t0 = System.nanoTime();
        search.sendKeys(org.openqa.selenium.Keys.ENTER);
        b.until("the match near the start, marked and in view", d -> Boolean.TRUE.equals(b.js("""
                const row = document.querySelector('.log-row--current');
                if (!row || row.querySelector('.log-text').textContent !== 'needle-near-the-start') return false;
                const r = row.getBoundingClientRect();
                const box = document.querySelector("[data-testid='task-log']").getBoundingClientRect();
                return r.top >= box.top && r.bottom <= box.bottom;""")) ? true : null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(seconds).as("search in a 200,000-line log until the match is shown").isLessThan(1.0);
        assertThat(b.visible("the match count", By.cssSelector("[data-testid='log-search-count']")).getText()).isEqualTo("1 / 1");
        b.shot("30-log-search");

        WebElement go = b.visible("go to line", By.cssSelector("[data-testid='log-goto'] input"));
        go.sendKeys("150000", org.openqa.selenium.Keys.ENTER);
        b.until("line 150,000 in view", d -> Boolean.TRUE.equals(b.js("""
                const row = document.querySelector(".log-row[data-line='150000']");
                if (!row) return false;
                const r = row.getBoundingClientRect();
                const box = document.querySelector("[data-testid='task-log']").getBoundingClientRect();
                return r.top >= box.top && r.bottom <= box.bottom && row.querySelector('.log-text').textContent.startsWith('row ');""")) ? true : null);

        b.click("times since the start", b.driver(), By.cssSelector("[data-testid='log-times-relative']"));
        b.until("times before the lines", d -> Boolean.TRUE.equals(b.js("""
                const t = document.querySelector("[data-testid='log-time']");
                return !!t && /^\\+\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$/.test(t.textContent);""")) ? true : null);
        b.shot("31-log-times");
        b.open("/project/" + project + "/tasks/" + task);
        b.until("times kept after a reload", d -> Boolean.TRUE.equals(b.js(
                "return !!document.querySelector(\"[data-testid='log-time']\");")) ? true : null);
        b.click("no times", b.driver(), By.xpath("//*[@data-testid='log-times']//button[normalize-space()='No times']"));
    }

    /** Fills the template dialog; {@code app} null keeps the default (Ansible). */
    void newTemplate(String name, String app, String scriptLabel, String script, Map<String, String> selects) {
        Browser b = browser();
        b.click("New template");
        WebElement form = b.dialog("New task template");
        b.type(form, "Name", name);
        if (app != null) {
            b.choose(form, "Runs with", app);
        }
        b.type(form, scriptLabel, script);
        b.choose(form, "Repository", "scripts");
        selects.forEach((label, option) -> b.choose(form, label, option));
        b.click(form, "Create");
        b.dialogCloses("New task template");
        b.rowOf(name);
    }

    /** Opens a page of the project by its URL: a fresh page load, so no dialog or menu of an earlier step is left open. */
    void openProjectPage(String page) {
        Browser b = browser();
        b.open("/project/" + project + "/" + page);
        b.until("the " + page + " page", d -> b.path().startsWith("/project/" + project + "/" + page) ? true : null);
        b.visible("the navigation", By.xpath("//nav//a[normalize-space()='Dashboard']"));
    }

    /** After "Run": the task page opens; returns its task id, checked against the newest task of the template. */
    long startedTask(String template) {
        Browser b = browser();
        Pattern taskPage = Pattern.compile("/project/" + project + "/tasks/(\\d+)");
        long id = b.until("the task page of the new task", d -> {
            Matcher m = taskPage.matcher(b.path());
            return m.matches() ? Long.parseLong(m.group(1)) : null;
        });
        assertThat(id).as("the new task's id").isGreaterThan(lastTask);
        JsonNode last = alice.get(p() + "/tasks/last?limit=1").json();
        assertThat(last.get(0).get("id").asLong()).as("the newest task").isEqualTo(id);
        assertThat(last.get(0).get("tpl_alias").asText()).isEqualTo(template);
        lastTask = id;
        tasks.put(template, id);
        b.sees("Task #" + id);
        b.visible("the task log", By.cssSelector("[data-testid='task-log']"));
        return id;
    }

    /** The status chip of the open task page ("" while it loads). */
    String taskStatus() {
        Object s = browser().js("const c = document.querySelector(\"[data-testid='task-status']\");"
                + " return c ? c.textContent.trim() : '';");
        return s == null ? "" : s.toString();
    }

    void awaitTaskPageStatus(String status, Duration timeout) {
        browser().until("the task page to show " + status, timeout, d -> taskStatus().equals(status) ? true : null);
    }

    /** The lines the task page's log viewer has in its DOM (it renders the visible rows, following the end). */
    @SuppressWarnings("unchecked")
    List<String> logLines() {
        Object lines = browser().js("""
                const log = document.querySelector("[data-testid='task-log']");
                return log ? [...log.querySelectorAll('.log-row .log-text')].map(e => e.textContent) : [];""");
        return lines == null ? List.of() : (List<String>) lines;
    }

    static String statusTitle(String status) {
        return switch (status) {
            case "success" -> "Success";
            case "error" -> "Failed";
            case "stopped" -> "Stopped";
            case "running" -> "Running";
            default -> status;
        };
    }

    void awaitRowStatus(long task, String status, Duration timeout) {
        Browser b = browser();
        b.until("task #" + task + " to show " + status + " on the dashboard", timeout, d -> {
            WebElement row = Browser.displayed(d, Browser.row("#" + task));
            return row != null && row.getText().contains(status) ? true : null;
        });
    }

    List<String> output(long task) {
        List<String> lines = new ArrayList<>();
        alice.get(p() + "/tasks/" + task + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        return lines;
    }

    static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = UiFlowTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("%s on the classpath (the built web module)", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sum of the gzip sizes of the UI's files at these URL paths (served from public/ on the classpath). */
    static long gzippedSize(Set<String> paths) {
        long total = 0;
        for (String path : paths) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(bytes("public" + path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            total += buf.size();
        }
        return total;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
