package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Backup and restore, the survey editor, the menu outside a project, the task list on a phone and the scrollbar
 * of a long log, in the browser against the real server on SQLite: a project is downloaded as a backup from its
 * settings and a backup file is uploaded through the file input to make a new project (after the server refused a
 * broken one, saying what is wrong); "Add variable" opens the new row and a refused row opens again; the profile
 * page keeps the project's pages in the menu; a phone shows several tasks at once; the bar beside a 200,000-line
 * log measures the whole log and goes where it is clicked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProjectAndLogUiTest extends ProjectBrowserSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LONG_LOG_LINES = 200_002; // a first line, 200,000 rows, a last line

    int template;
    int longTemplate;
    int restored;

    @BeforeAll
    void start() {
        server = TestServer.start(DbKind.SQLITE);
        admin = server.admin();
        project = admin.post("/api/projects", Map.of("name", "Ops")).json().get("id").asInt();
        Path repo = GitRepos.create(server.dir(), "ops", Map.of(
                "deploy.sh", "#!/bin/bash\necho deployed\n",
                "long.sh", "#!/bin/bash\necho first-line\nseq 1 200000 | sed 's/^/row /'\necho last-line\n"));
        int none = admin.get(p() + "/keys").json().get(0).get("id").asInt();
        admin.post(p() + "/repositories", Map.of("name", "ops", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int repoId = admin.get(p() + "/repositories").json().get(0).get("id").asInt();
        template = admin.post(p() + "/templates", Map.of("name", "deploy", "app", "bash", "playbook", "deploy.sh",
                "repository_id", repoId, "survey_vars", List.of(Map.of("name", "region", "title", "Region",
                        "type", "", "required", false, "description", "", "values", List.of())))).json().get("id").asInt();
        longTemplate = admin.post(p() + "/templates", Map.of("name", "long", "app", "bash", "playbook", "long.sh",
                "repository_id", repoId)).json().get("id").asInt();
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeAsyncScript(script, args);
    }

    Path file(String name, String text) {
        try {
            Path f = server.dir().resolve(name);
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void settings_downloadBackup_givesTheProjectAsAJsonFile() throws IOException {
        Browser b = after(0);
        expected.add(new ExpectedHttpError("/api/user", 401, "the UI's initial am-I-signed-in check"));
        b.open("/");
        b.until("the sign-in page", d -> b.path().startsWith("/auth/login") ? true : null);
        b.type(b.driver(), "Username or e-mail", "admin");
        b.type(b.driver(), "Password", TestServer.ADMIN_PASSWORD);
        b.click("Sign in");
        b.until("signed in", d -> !b.path().startsWith("/auth/login") ? true : null);

        b.open("/project/" + project + "/settings");
        // what the page hands to the browser's download: the file's name and its content
        b.js("""
                window.__downloads = [];
                const create = URL.createObjectURL.bind(URL);
                URL.createObjectURL = (blob) => { const url = create(blob); window.__downloads.push({ url, blob }); return url; };
                const click = HTMLAnchorElement.prototype.click;
                HTMLAnchorElement.prototype.click = function () {
                  const d = window.__downloads.find((x) => x.url === this.href);
                  if (d) { d.name = this.download; return; } // recorded, not saved to disk
                  return click.call(this);
                };""");
        b.click("Download backup");
        b.toast("Backup of \"Ops\" downloaded");
        String name = (String) b.until("the download", d -> b.js("return window.__downloads[0] && window.__downloads[0].name;"));
        assertThat(name).matches("semaphore-ops-\\d{4}-\\d{2}-\\d{2}\\.json");
        String text = (String) asyncJs("const done = arguments[arguments.length - 1]; window.__downloads[0].blob.text().then(done);");
        JsonNode downloaded = JSON.readTree(text);
        assertThat(downloaded.get("meta").get("name").asText()).isEqualTo("Ops");
        assertThat(downloaded.get("templates")).hasSize(2);
        JsonNode fromApi = JSON.readTree(admin.get(p() + "/backup").body());
        assertThat(downloaded.get("templates")).isEqualTo(fromApi.get("templates"));
        assertThat(downloaded.get("repositories")).isEqualTo(fromApi.get("repositories"));
        b.shot("60-settings-backup");
        done = 1;
    }

    @Test
    @Order(2)
    void projectsPage_restoresABackupFile_afterTheServerSaidWhatWasWrongWithABrokenOne() throws IOException {
        Browser b = after(1);
        ObjectNode backup = (ObjectNode) JSON.readTree(admin.get(p() + "/backup").body());
        ((ObjectNode) backup.get("meta")).put("name", "Ops restored");
        Path good = file("ops-backup.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(backup));
        ObjectNode broken = backup.deepCopy();
        ((ObjectNode) ((ArrayNode) broken.get("templates")).get(0)).put("repository", "no-such-repo");
        Path bad = file("broken-backup.json", JSON.writeValueAsString(broken));
        Path notJson = file("notes.json", "this is not a backup");
        expected.add(new ExpectedHttpError("/api/projects/restore", 400, "a backup naming a repository it lacks, on purpose"));

        b.open("/projects");
        b.click("From a backup file");
        WebElement dialog = b.dialog("New project from a backup file");
        WebElement input = dialog.findElement(By.cssSelector("input[type='file']"));

        input.sendKeys(notJson.toString());
        b.until("the page to say the file is not JSON", d -> dialog.getText().contains("The file is not JSON") ? true : null);

        input.sendKeys(bad.toString());
        WebElement summary = b.visible("what the file holds", dialog, By.cssSelector("[data-testid='restore-summary']"));
        assertThat(summary.getText()).contains("Ops restored", "2 templates", "1 repository");
        b.click(dialog, "Restore");
        String refused = b.alertIn(dialog);
        assertThat(refused).contains("cannot be restored", "no-such-repo");
        assertThat(admin.get("/api/projects").json().findValuesAsText("name")).doesNotContain("Ops restored");
        b.shot("61-restore-refused");

        input.sendKeys(good.toString());
        b.until("the summary of the good file", d -> dialog.findElements(By.xpath(".//*[@role='alert' and not(@aria-live)]"))
                .stream().noneMatch(WebElement::isDisplayed) ? true : null);
        b.click(dialog, "Restore");
        b.dialogCloses("New project from a backup file");
        b.toast("Project \"Ops restored\" created from the backup");
        JsonNode created = null;
        for (JsonNode x : admin.get("/api/projects").json()) {
            if (x.get("name").asText().equals("Ops restored")) {
                created = x;
            }
        }
        assertThat(created).as("the restored project").isNotNull();
        restored = created.get("id").asInt();
        b.until("the new project's dashboard", d -> b.path().startsWith("/project/" + restored + "/history") ? true : null);
        b.until("the project's name in the menu", d -> b.visible("the project switcher",
                By.cssSelector("[data-testid='project-switcher']")).getText().contains("Ops restored") ? true : null);
        List<String> templates = new ArrayList<>();
        admin.get("/api/project/" + restored + "/templates").json().forEach(t -> templates.add(t.get("name").asText()));
        assertThat(templates).containsExactlyInAnyOrder("deploy", "long");
        b.shot("62-restored-project");

        // also offered from the new project dialog
        b.open("/projects");
        b.click("New project");
        b.click(b.dialog("New project"), "From a backup file");
        b.dialogCloses("New project");
        b.dialog("New project from a backup file");
        b.click(b.dialog("New project from a backup file"), "Cancel");
        b.dialogCloses("New project from a backup file");
        done = 2;
    }

    @Test
    @Order(3)
    void surveyEditor_addVariableOpensTheNewRow_andARefusedRowOpensAgain() {
        Browser b = after(2);
        b.open("/project/" + project + "/templates/" + template);
        b.click("Edit");
        WebElement dialog = b.dialog("Edit template deploy");
        b.click("the survey tab", dialog, By.cssSelector("[data-testid='template-survey-tab']"));
        b.click("Add variable", dialog, By.cssSelector("[data-testid='survey-add']"));
        List<WebElement> rows = b.until("two survey rows", d -> {
            List<WebElement> r = dialog.findElements(By.cssSelector("[data-testid='survey-row']"));
            return r.size() == 2 ? r : null;
        });
        // the new row is open with its fields; the existing one stays closed
        b.until("the new row to be open", d -> rows.get(1).getDomAttribute("class").contains("v-expansion-panel--active") ? true : null);
        assertThat(rows.get(0).getDomAttribute("class")).doesNotContain("v-expansion-panel--active");
        b.visible("the new row's name field", rows.get(1), By.xpath(".//label[normalize-space()='Variable name']"));
        b.shot("63-survey-new-row");

        // closed again, then saved without a name: the row opens again, with what is wrong
        b.click("the new row's title", rows.get(1), By.cssSelector(".v-expansion-panel-title"));
        b.until("the new row to close", d -> !rows.get(1).getDomAttribute("class").contains("v-expansion-panel--active") ? true : null);
        b.click(dialog, "Save");
        b.until("the refused row to open", d -> rows.get(1).getDomAttribute("class").contains("v-expansion-panel--active") ? true : null);
        // the field's own message, or the dialog's (a row whose fields the form did not check)
        b.until("what is wrong with the row", d -> rows.get(1).getText().contains("Letters, digits and _")
                || dialog.getText().contains("Variable #2: the name must be") ? true : null);
        assertThat(rows.get(0).getDomAttribute("class")).doesNotContain("v-expansion-panel--active");
        b.shot("64-survey-refused-row");

        b.type(rows.get(1), "Variable name", "size");
        b.type(rows.get(1), "Title", "Size");
        b.click(dialog, "Save");
        b.dialogCloses("Edit template deploy");
        List<String> vars = new ArrayList<>();
        admin.get(p() + "/templates/" + template).json().get("survey_vars").forEach(v -> vars.add(v.get("name").asText()));
        assertThat(vars).containsExactly("region", "size");
        done = 3;
    }

    @Test
    @Order(4)
    void profilePage_openedAfresh_keepsTheLastProjectInTheMenu() {
        Browser b = after(2);
        b.open("/project/" + restored + "/templates");
        b.visible("the project's menu", By.xpath("//nav//a[normalize-space()='Task Templates']"));
        b.open("/profile"); // a fresh page load: the app starts again
        b.sees("API tokens");
        WebElement dashboard = b.visible("the project's pages in the menu", By.xpath("//nav//a[normalize-space()='Dashboard']"));
        assertThat(dashboard.getDomAttribute("href")).isEqualTo("/project/" + restored + "/history");
        assertThat(b.visible("the project switcher", By.cssSelector("[data-testid='project-switcher']")).getText())
                .contains("Ops restored");
        b.shot("65-profile-keeps-project");
        done = Math.max(done, 4);
    }

    @Test
    @Order(5)
    void phone_showsSeveralTasksAtOnce_inTheLightAndDarkTheme() {
        Browser b = after(2);
        for (int i = 0; i < 8; i++) {
            admin.post(p() + "/tasks", Map.of("template_id", template));
        }
        b.until("the tasks to finish", Duration.ofSeconds(60), d -> {
            for (JsonNode t : admin.get(p() + "/tasks").json()) {
                if (!t.get("status").asText().equals("success")) {
                    return null;
                }
            }
            return true;
        });
        // a phone's 390 × 844 CSS pixels (headless chromium's windows are at least 500 wide)
        ChromeDriver chrome = (ChromeDriver) b.driver();
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            for (String theme : List.of("light", "dark")) {
                b.open("/project/" + project + "/history");
                b.visible("a task row", By.cssSelector("main tbody tr"));
                if (theme.equals("dark")) {
                    b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
                    b.until("the dark theme", d -> Boolean.TRUE.equals(b.js("return !!document.querySelector('.v-application.v-theme--dark');")) ? true : null);
                }
                b.js("window.scrollTo(0, document.querySelector('main tbody').getBoundingClientRect().top + window.scrollY - 56);");
                Number onScreen = (Number) b.until("rows laid out", d -> b.js("""
                        const rows = [...document.querySelectorAll('main tbody tr')];
                        if (rows.length < 8) return null;
                        return rows.filter((r) => { const x = r.getBoundingClientRect(); return x.top >= 0 && x.bottom <= innerHeight; }).length;"""));
                assertThat(b.js("return innerWidth;")).isEqualTo(390L);
                assertThat(onScreen.intValue()).as("tasks wholly on a 390×844 screen (" + theme + ")").isGreaterThanOrEqualTo(4);
                Object overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;");
                assertThat(((Number) overflow).longValue()).as("sideways scrolling").isLessThanOrEqualTo(0);
                b.shot("66-phone-history-" + theme);
            }
            b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
            b.until("the light theme", d -> Boolean.TRUE.equals(b.js("return !document.querySelector('.v-application.v-theme--dark');")) ? true : null);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        done = Math.max(done, 5);
    }

    /** The lines in view, from the text under the log: "Lines 1–30 of 200,002". */
    static int[] position(Browser b) {
        String text = b.visible("the position under the log", By.cssSelector("[data-testid='log-position']")).getText();
        Matcher m = Pattern.compile("Lines? ([\\d,]+)(?:–([\\d,]+))? of ([\\d,]+)").matcher(text);
        if (!m.find()) {
            return null;
        }
        int first = Integer.parseInt(m.group(1).replace(",", ""));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2).replace(",", ""));
        return new int[] {first, last, Integer.parseInt(m.group(3).replace(",", ""))};
    }

    @Test
    @Order(6)
    void longLog_theScrollbarMeasuresTheWholeLog_andGoesWhereItIsClicked() {
        Browser b = after(2);
        long task = admin.post(p() + "/tasks", Map.of("template_id", longTemplate)).json().get("id").asLong();
        b.until("the long task to finish", Duration.ofSeconds(90), d ->
                admin.get(p() + "/tasks/" + task).json().get("status").asText().equals("success") ? true : null);
        b.open("/project/" + project + "/tasks/" + task);
        // opened at the end: the last lines of the whole log (the runner's lines around the script's), not of a page
        int[] end = b.until("the end of the log in view", d -> {
            int[] x = position(b);
            return x != null && x[2] >= LONG_LOG_LINES && x[1] == x[2] ? x : null;
        });
        int total = end[2];
        WebElement log = b.visible("the log", By.cssSelector("[data-testid='task-log']"));
        assertThat(log.getText()).contains("last-line");
        WebElement track = b.visible("the scrollbar over the whole log", By.cssSelector("[data-testid='log-track']"));
        assertThat(track.getDomAttribute("aria-valuemax")).isEqualTo(String.valueOf(total));
        WebElement thumb = track.findElement(By.cssSelector(".log-track-thumb"));
        int trackTop = track.getRect().getY();
        int trackHeight = track.getRect().getHeight();
        assertThat(thumb.getRect().getY() + thumb.getRect().getHeight())
                .as("the thumb at the bottom of the bar").isGreaterThanOrEqualTo(trackTop + trackHeight - 2);
        b.shot("67-long-log-end");

        // a click in the middle of the bar: the middle of the whole log (not loaded yet) is fetched and shown
        new Actions(b.driver()).moveToElement(track, 0, 0).click().perform();
        int[] middle = b.until("the middle of the log", d -> {
            int[] x = position(b);
            return x != null && x[0] > total * 0.45 && x[0] < total * 0.55 ? x : null;
        });
        String first = b.visible("the first line in view", By.xpath("//*[@data-line='" + middle[0] + "']")).getText();
        Matcher row = Pattern.compile("row (\\d+)").matcher(first);
        assertThat(row.find()).as("a row of the script at line " + middle[0] + ": " + first).isTrue();
        assertThat(Math.abs(Integer.parseInt(row.group(1)) - middle[0])).isLessThan(20);
        int thumbMiddle = thumb.getRect().getY() + thumb.getRect().getHeight() / 2 - trackTop;
        assertThat(Math.abs(thumbMiddle - trackHeight / 2)).as("the thumb in the middle of the bar").isLessThan(trackHeight / 20);
        b.shot("68-long-log-middle");

        // the keyboard on the bar: Home goes to the first line
        track.sendKeys(Keys.HOME);
        b.until("the first line in view", d -> {
            int[] x = position(b);
            return x != null && x[0] == 1 ? true : null;
        });
        b.until("the script's first line", d -> log.getText().contains("first-line") ? true : null);

        // scrolling down after a jump reads on: the lines after the loaded ones load near the bottom
        b.until("lines after the first 3,000 after scrolling down", d -> {
            b.js("arguments[0].scrollTop = arguments[0].scrollHeight;", log);
            int[] x = position(b);
            return x != null && x[1] > 3_000 ? true : null;
        });
        assertThat(position(b)[2]).isEqualTo(total);

        // Jump to latest: the end again
        b.click("Jump to latest");
        b.until("the end of the log", d -> {
            int[] x = position(b);
            return x != null && x[1] == total ? true : null;
        });
        assertThat(log.getText()).contains("last-line");
        done = Math.max(done, 6);
    }
}
