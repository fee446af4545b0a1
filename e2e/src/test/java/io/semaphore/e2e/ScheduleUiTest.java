package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Path;
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
 * Schedules and queue control in the browser: a schedule made with the cron editor (the server's reason for a bad
 * expression, then the preview in words), switched off, its missed runs shown; the template page's schedule
 * section; "stop waiting" on the dashboard; the page at a phone's width and in the dark theme; an integration's
 * matchers and extracted values (the other way a task starts without anyone pressing Run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduleUiTest extends ProjectBrowserSteps {
    int template;
    int slowTemplate;

    @BeforeAll
    void start() {
        server = TestServer.start(DbKind.SQLITE);
        admin = server.admin();
        project = admin.post("/api/projects", Map.of("name", "Scheduled")).json().get("id").asInt();
        Path repo = GitRepos.create(server.dir(), "jobs", Map.of("job.sh", "#!/bin/bash\necho job\n",
                "slow.sh", "#!/bin/bash\nsleep 120 & wait\n"));
        int none = admin.get(p() + "/keys").json().get(0).get("id").asInt();
        admin.post(p() + "/repositories", Map.of("name", "jobs", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int repoId = admin.get(p() + "/repositories").json().get(0).get("id").asInt();
        template = admin.post(p() + "/templates", Map.of("name", "job", "app", "bash", "playbook", "job.sh",
                "repository_id", repoId)).json().get("id").asInt();
        slowTemplate = admin.post(p() + "/templates", Map.of("name", "slow", "app", "bash", "playbook", "slow.sh",
                "repository_id", repoId)).json().get("id").asInt();
    }

    @Test
    @Order(1)
    void aScheduleIsMadeWithTheCronEditor_afterTheServerSaidWhatWasWrong() {
        Browser b = after(0);
        expected.add(new ExpectedHttpError("/api/user", 401, "the UI's initial am-I-signed-in check"));
        expected.add(new ExpectedHttpError(p() + "/schedules/preview", 400, "an invalid cron expression, typed on purpose"));
        b.open("/");
        b.onSignInPage();
        b.signIn("admin", TestServer.ADMIN_PASSWORD);
        b.until("signed in", d -> !b.path().startsWith("/auth/login") ? true : null);
        b.open("/project/" + project + "/schedule");
        b.sees("No schedules yet");
        b.click("New schedule");
        WebElement form = b.dialog("New schedule");
        b.type(form, "Name", "weekday builds");
        b.type(form, "Cron expression", "61 * * * *");
        b.until("the server's reason under the field", d -> b.bodyText().contains("61") && b.bodyText().contains("not valid") ? true : null);
        b.shot("40-schedule-invalid");
        b.type(form, "Cron expression", "0 2 * * 1-5");
        WebElement preview = b.visible("the preview", By.cssSelector("[data-testid='schedule-preview']"));
        b.until("the next runs in the preview", d -> preview.getText().contains("Next runs (UTC)") ? true : null);
        assertThat(preview.findElements(By.cssSelector("li"))).hasSize(5);
        b.shot("41-schedule-preview");
        b.click(form, "Create");
        b.dialogCloses("New schedule");
        assertThat(b.rowOf("weekday builds").getText()).contains("job", "0 2 * * 1-5", "Next");
        JsonNode s = admin.get(p() + "/schedules").json().get(0);
        assertThat(s.get("cron_format").asText()).isEqualTo("0 2 * * 1-5");
        assertThat(s.get("active").asBoolean()).isTrue();
        done = 1;
    }

    @Test
    @Order(2)
    void aScheduleIsSwitchedOff_andMissedRunsShow() {
        Browser b = after(1);
        int id = admin.get(p() + "/schedules").json().get(0).get("id").asInt();
        WebElement row = b.rowOf("weekday builds");
        b.click("the active switch", row, By.cssSelector("[data-testid='schedule-row-active'] .v-selection-control__input"));
        b.until("the schedule to be off", d -> !admin.get(p() + "/schedules/" + id).json().get("active").asBoolean() ? true : null);
        b.until("the row to say Off", d -> b.rowOf("weekday builds").getText().contains("Off") ? true : null);

        // What the firing records when no server ran at two due times (ScheduleFiringTest makes it for real).
        server.services().db().run(h -> h.createUpdate("UPDATE project__schedule SET missed_count = 2,"
                + " last_missed = :t WHERE id = :id").bind("t", java.time.Instant.parse("2030-01-07T02:00:00Z"))
                .bind("id", id).execute());
        b.open("/project/" + project + "/schedule");
        b.visible("the missed runs", By.cssSelector("[data-testid='schedule-missed']"));
        assertThat(b.rowOf("weekday builds").getText()).contains("Missed 2 runs");
        b.shot("42-schedule-missed");
        done = 2;
    }

    @Test
    @Order(3)
    void theTemplatePage_listsAndAddsItsSchedules() {
        Browser b = after(2);
        b.open("/project/" + project + "/templates/" + template);
        WebElement section = b.visible("the schedule section", By.cssSelector("[data-testid='template-schedules']"));
        b.until("the template's schedule", d -> section.getText().contains("weekday builds") ? true : null);
        b.click("Add schedule");
        WebElement form = b.dialog("New schedule");
        b.type(form, "Name", "daily");
        b.type(form, "Cron expression", "@daily");
        b.visible("the preview", By.cssSelector("[data-testid='schedule-preview']"));
        b.click(form, "Create");
        b.dialogCloses("New schedule");
        b.until("the new schedule in the section", d -> section.getText().contains("daily") && section.getText().contains("@daily") ? true : null);
        JsonNode mine = admin.get(p() + "/templates/" + template + "/schedules").json();
        assertThat(mine).hasSize(2);
        b.shot("43-template-schedules");
        done = 3;
    }

    @Test
    @Order(4)
    void stopWaiting_onTheDashboard_stopsTheTasksThatWait() {
        Browser b = after(3);
        long running = admin.post(p() + "/tasks", Map.of("template_id", slowTemplate)).json().get("id").asLong();
        b.until("the first task to run", d -> admin.get(p() + "/tasks/" + running).json().get("status").asText()
                .equals("running") ? true : null);
        long w1 = admin.post(p() + "/tasks", Map.of("template_id", slowTemplate)).json().get("id").asLong();
        long w2 = admin.post(p() + "/tasks", Map.of("template_id", slowTemplate)).json().get("id").asLong();
        b.open("/project/" + project + "/history");
        b.click("Stop waiting (2)");
        WebElement confirm = b.dialog("Stop all waiting tasks of the project?");
        b.click(confirm, "Stop waiting tasks");
        b.toast("Stopped 2 waiting task(s)");
        for (long id : List.of(w1, w2)) {
            assertThat(admin.get(p() + "/tasks/" + id).json().get("status").asText()).isEqualTo("stopped");
        }
        assertThat(admin.get(p() + "/tasks/" + running).json().get("status").asText()).isEqualTo("running");
        admin.post(p() + "/tasks/" + running + "/stop", Map.of());
        done = 4;
    }

    @Test
    @Order(6)
    void anIntegrationsDetails_addAndRemoveMatchersAndExtractedValues() {
        Browser b = after(1);
        int integration = admin.post(p() + "/integrations", Map.of("name", "on push", "template_id", template))
                .json().get("id").asInt();
        String base = p() + "/integrations/" + integration;
        b.open("/project/" + project + "/integrations");
        b.click("Details of on push", b.driver(), By.cssSelector("[data-testid='integration-details-" + integration + "']"));
        b.dialog("on push");

        WebElement matcherRow = b.visible("the matcher line", By.cssSelector("[data-testid='add-matcher-row']"));
        b.type(matcherRow, "Name", "push events");
        b.type(matcherRow, "Header or JSON path", "X-GitHub-Event");
        b.choose(matcherRow, "Is", "contains");
        b.type(matcherRow, "Value", "push");
        b.click(matcherRow, "Add");
        assertThat(b.rowOf("push events").getText()).contains("header X-GitHub-Event contains push");

        WebElement valueRow = b.visible("the value line", By.cssSelector("[data-testid='add-value-row']"));
        b.type(valueRow, "Name", "commit");
        b.type(valueRow, "Header or JSON path", "head_commit.id");
        b.choose(valueRow, "As", "task field");
        b.type(valueRow, "Variable", "commit_hash");
        b.click(valueRow, "Add");
        assertThat(b.rowOf("commit").getText()).contains("body/json head_commit.id → task field commit_hash");
        b.shot("44-integration-details");

        JsonNode matcher = admin.get(base + "/matchers").json().get(0);
        assertThat(matcher.get("match_type").asText()).isEqualTo("header");
        assertThat(matcher.get("method").asText()).isEqualTo("contains");
        assertThat(matcher.get("value").asText()).isEqualTo("push");
        JsonNode value = admin.get(base + "/values").json().get(0);
        assertThat(value.get("value_source").asText()).isEqualTo("body");
        assertThat(value.get("variable_type").asText()).isEqualTo("task");

        b.click(b.rowOf("push events"), "Remove");
        b.gone("the removed matcher", Browser.row("push events"));
        assertThat(admin.get(base + "/matchers").json()).isEmpty();
        assertThat(admin.get(base + "/values").json()).hasSize(1);
    }

    @Test
    @Order(5)
    void theSchedulesPage_fitsAPhone_andTheDarkTheme() {
        Browser b = after(2);
        var window = b.driver().manage().window();
        org.openqa.selenium.Dimension desktop = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(390, 844));
            b.open("/project/" + project + "/schedule");
            b.rowOf("weekday builds");
            b.until("the page to fit a phone's width", d -> {
                Object overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;");
                return overflow instanceof Number n && n.longValue() <= 0 ? true : null;
            });
            b.shot("44-phone-schedules");
        } finally {
            window.setSize(desktop);
        }
        b.open("/project/" + project + "/schedule");
        b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
        b.until("the dark theme", d -> Boolean.TRUE.equals(b.js("return !!document.querySelector('.v-application.v-theme--dark');")) ? true : null);
        b.rowOf("weekday builds");
        b.shot("45-dark-schedules");
        b.click("the theme switch", b.driver(), By.cssSelector("[data-testid='theme-toggle']"));
    }
}
