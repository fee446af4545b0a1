package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The task history in the browser: filters chosen on the dashboard are in the URL and survive a reload; a row's
 * Re-run starts a new task with that task's arguments and answers; the task page shows what the run used, with
 * the secret survey answer masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskHistoryUiTest extends ProjectBrowserSteps {
    static final String SECRET = "s3cret-value-42";

    int deploy;
    int broken;
    int slow;
    long first;
    long failed;
    long second;

    @BeforeAll
    void start() {
        server = TestServer.start(DbKind.SQLITE);
        admin = server.admin();
        project = admin.post("/api/projects", Map.of("name", "History")).json().get("id").asInt();
        Path repo = GitRepos.create(server.dir(), "jobs", Map.of("deploy.sh", "#!/bin/bash\necho \"deploying $*\"\n",
                "broken.sh", "#!/bin/bash\necho broken\nexit 1\n", "slow.sh", "#!/bin/bash\necho slow\nsleep 4\n"));
        int none = admin.get(p() + "/keys").json().get(0).get("id").asInt();
        admin.post(p() + "/repositories", Map.of("name", "jobs", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int repoId = admin.get(p() + "/repositories").json().get(0).get("id").asInt();
        deploy = admin.post(p() + "/templates", Map.of("name", "deploy", "app", "bash", "playbook", "deploy.sh",
                "repository_id", repoId, "allow_override_args_in_task", true, "allow_parallel_tasks", true,
                "survey_vars", List.of(Map.of("name", "region", "title", "Region", "type", ""),
                        Map.of("name", "token", "title", "API token", "type", "secret")))).json().get("id").asInt();
        broken = admin.post(p() + "/templates", Map.of("name", "broken", "app", "bash", "playbook", "broken.sh",
                "repository_id", repoId)).json().get("id").asInt();
        slow = admin.post(p() + "/templates", Map.of("name", "slow", "app", "bash", "playbook", "slow.sh",
                "repository_id", repoId)).json().get("id").asInt();
        first = run(Map.of("template_id", deploy, "arguments", "[\"--color\",\"blue\"]", "message", "first deploy",
                "environment", "{\"region\":\"eu-west\"}", "secret", "{\"token\":\"" + SECRET + "\"}"));
        failed = run(Map.of("template_id", broken));
        second = run(Map.of("template_id", deploy, "environment", "{\"region\":\"us-east\"}"));
        for (long id : List.of(first, failed, second)) {
            awaitEnd(id);
        }
    }

    long run(Map<String, Object> body) {
        ApiClient.Response r = admin.post(p() + "/tasks", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    void awaitEnd(long id) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String s = admin.get(p() + "/tasks/" + id).json().get("status").asText();
            if (s.equals("success") || s.equals("error") || s.equals("stopped")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("task " + id + " did not end");
    }

    /** The task ids the history table shows, in order. */
    List<Long> rows(Browser b) {
        List<Long> ids = new ArrayList<>();
        for (WebElement a : b.driver().findElements(By.cssSelector(".task-table tbody tr td:first-child a"))) {
            ids.add(Long.parseLong(a.getText().trim().substring(1)));
        }
        return ids;
    }

    void rowsAre(Browser b, List<Long> ids) {
        b.until("the rows " + ids, d -> rows(b).equals(ids) ? true : null);
    }

    @Test
    @Order(1)
    void historyFilters_areInTheUrl_andSurviveAReload() {
        Browser b = after(0);
        expected.add(new ExpectedHttpError("/api/user", 401, "the UI's initial am-I-signed-in check"));
        b.open("/");
        b.until("the sign-in page", d -> b.path().startsWith("/auth/login") ? true : null);
        b.type(b.driver(), "Username or e-mail", "admin");
        b.type(b.driver(), "Password", TestServer.ADMIN_PASSWORD);
        b.click("Sign in");
        b.until("signed in", d -> !b.path().startsWith("/auth/login") ? true : null);
        b.open("/project/" + project + "/history");
        rowsAre(b, List.of(second, failed, first));

        chooseStatus(b, "Failed");
        rowsAre(b, List.of(failed));
        b.until("the status in the URL", d -> b.driver().getCurrentUrl().contains("status=error") ? true : null);
        b.driver().navigate().refresh();
        rowsAre(b, List.of(failed));
        WebElement filters = b.visible("the filters", By.cssSelector("[data-testid='history-filters']"));
        b.until("the chosen status shown again", d -> filters.getText().contains("Failed") ? true : null);
        assertThat(b.visible("the count", By.cssSelector("[data-testid='history-total']")).getText()).contains("1 task match");
        b.shot("60-history-filtered");

        // a shared link: template and status together
        b.open("/project/" + project + "/history?template=" + deploy + "&status=success");
        rowsAre(b, List.of(second, first));
        b.until("the template shown in its filter", d -> filters(b).contains("deploy") ? true : null);
        b.driver().navigate().refresh();
        rowsAre(b, List.of(second, first));
        b.click("Clear filters");
        rowsAre(b, List.of(second, failed, first));
        assertThat(b.driver().getCurrentUrl()).doesNotContain("status=").doesNotContain("template=");
        done = 1;
    }

    /** Ticks one status in the multiple-choice Status filter (its menu stays open: Escape closes it). */
    void chooseStatus(Browser b, String title) {
        WebElement control = b.field(b.driver(), "Status").findElement(By.xpath("./ancestor::*[@role='combobox'][1]"));
        By option = By.xpath("//*[@role='option'][normalize-space()=" + Browser.literal(title) + "]");
        b.until("the option " + title, d -> {
            if (Browser.displayed(d, option) == null) {
                try {
                    control.click();
                } catch (org.openqa.selenium.WebDriverException e) {
                    return null;
                }
            }
            WebElement o = Browser.displayed(d, option);
            if (o == null) {
                return null;
            }
            try {
                o.click();
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                return null;
            }
        });
        new org.openqa.selenium.interactions.Actions(b.driver()).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        b.gone("the status options", option);
    }

    String filters(Browser b) {
        return b.visible("the filters", By.cssSelector("[data-testid='history-filters']")).getText();
    }

    @Test
    @Order(2)
    void reRunFromARow_startsTheSameTaskAgain_withoutTheSecret() {
        Browser b = after(1);
        b.open("/project/" + project + "/history?template=" + deploy);
        rowsAre(b, List.of(second, first));
        WebElement row = b.rowOf("#" + first);
        b.click("the row's Re-run", row, By.cssSelector("[data-testid='row-rerun']"));
        WebElement form = b.dialog("Re-run deploy (task #" + first + ")");
        assertThat(b.field(form, "Region").getDomProperty("value")).isEqualTo("eu-west");
        assertThat(b.field(form, "API token").getDomProperty("value")).isEmpty(); // secrets are never stored
        b.type(form, "API token", "another-secret");
        b.click(form, "Run");
        b.dialogCloses("Re-run deploy (task #" + first + ")");
        b.until("the new task's page", d -> b.path().matches("/project/" + project + "/tasks/\\d+") ? true : null);
        long rerun = Long.parseLong(b.path().replaceAll(".*/", ""));
        assertThat(rerun).isGreaterThan(second);
        awaitEnd(rerun);
        JsonNode t = admin.get(p() + "/tasks/" + rerun).json();
        JsonNode old = admin.get(p() + "/tasks/" + first).json();
        assertThat(t.get("template_id").asInt()).isEqualTo(deploy);
        assertThat(t.get("arguments").asText()).isEqualTo(old.get("arguments").asText());
        assertThat(t.get("message").asText()).isEqualTo("first deploy");
        assertThat(t.get("environment").asText()).contains("eu-west").doesNotContain("another-secret");
        assertThat(t.get("status").asText()).isEqualTo("success");
        done = 2;
    }

    @Test
    @Order(3)
    void theTaskPage_showsWhatTheRunUsed_withTheSecretMasked() {
        Browser b = after(1);
        b.open("/project/" + project + "/tasks/" + first);
        WebElement used = b.visible("what the run used", By.cssSelector("[data-testid='task-used']"));
        b.until("the arguments", d -> used.getText().contains("--color blue") ? true : null);
        WebElement region = b.visible("the region answer", By.cssSelector("[data-testid='used-survey-region']"));
        assertThat(region.getText()).contains("Region").contains("eu-west");
        WebElement token = b.visible("the secret answer", By.cssSelector("[data-testid='used-survey-token']"));
        assertThat(token.getText()).contains("API token").contains("••••").contains("secret");
        assertThat(b.bodyText()).doesNotContain(SECRET);
        assertThat(b.driver().getPageSource()).doesNotContain(SECRET);
        assertThat(b.visible("who started it", By.cssSelector("[data-testid='used-started-by']")).getText())
                .isEqualTo(admin.get("/api/user").json().get("name").asText());
        b.shot("61-task-used");
        done = 3;
    }

    @Test
    @Order(4)
    void theTemplatePage_showsItsRunFigures() {
        Browser b = after(2);
        b.open("/project/" + project + "/templates/" + deploy);
        WebElement stats = b.visible("the figures", By.cssSelector("[data-testid='template-stats']"));
        b.until("three runs", d -> stats.getText().contains("Runs\n3") ? true : null);
        assertThat(b.visible("the success rate", By.cssSelector("[data-testid='stats-success-rate']")).getText()).isEqualTo("100%");
        b.until("a bar per finished run", d -> b.driver().findElements(By.cssSelector("[data-testid='stats-bar']")).size() == 3 ? true : null);
        b.shot("62-template-stats");
    }

    @Test
    @Order(5)
    void aFilterByStatus_followsTasksLive_inAndOutOfTheList() {
        Browser b = after(1);
        b.open("/project/" + project + "/history?status=running");
        b.sees("0 tasks match");
        long id = run(Map.of("template_id", slow));
        rowsAre(b, List.of(id)); // it started: it belongs now
        awaitEnd(id);
        rowsAre(b, List.of()); // it ended: it leaves the list without a reload
        b.sees("0 tasks match");
        assertThat(b.driver().getCurrentUrl()).contains("status=running");
    }
}
