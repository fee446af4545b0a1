package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.FakeHttp;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Notifications of task ends on each database: every notifier of the configuration posting to a local fake over
 * real HTTP, email to GreenMail over SMTP with sign-in, one notifier failing once and retried, success suppressed
 * by the template, and the "send a test" route.
 */
@ServerOnEachDatabase.Config(NotificationApiTest.Channels.class)
class NotificationApiTest extends ServerOnEachDatabase {
    static final FakeHttp FAKE = new FakeHttp();
    static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final List<String> CHATS = List.of("/slack", "/rocket", "/teams", "/dingtalk", "/gotify/message", "/hook");

    static {
        MAIL.start();
        MAIL.setUser("semaphore@example.com", "mailer", "mail-password");
    }

    static final class Channels implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode c) {
            c.put("web_host", "https://semaphore.example.com");
            c.put("slack_alert", true).put("slack_url", FAKE.url("/slack"));
            c.put("rocketchat_alert", true).put("rocketchat_url", FAKE.url("/rocket"));
            c.put("microsoft_teams_alert", true).put("microsoft_teams_url", FAKE.url("/teams"));
            c.put("dingtalk_alert", true).put("dingtalk_url", FAKE.url("/dingtalk"));
            c.put("gotify_alert", true).put("gotify_url", FAKE.url("/gotify")).put("gotify_token", "gotify-app-token");
            c.put("webhook_alert", true).put("webhook_url", FAKE.url("/hook"));
            c.put("email_alert", true).put("email_host", "127.0.0.1")
                    .put("email_port", String.valueOf(MAIL.getSmtp().getPort()))
                    .put("email_sender", "semaphore@example.com").put("email_username", "mailer")
                    .put("email_password", "mail-password");
        }
    }

    @Test
    void taskEnds_reachEveryNotifier_aFailureIsRetried_successCanBeSuppressed() throws Exception {
        FAKE.clear();
        MAIL.purgeEmailFromAllMailboxes();
        // web_host is https, so the session cookie is Secure and never sent over this test's http: a token instead
        int adminId = server.services().db().read(h -> h.createQuery("SELECT id FROM \"user\" WHERE username = 'admin'")
                .mapTo(Integer.class).one());
        ApiClient admin = server.anonymous().withBearer(server.services().auth().tokens()
                .create(adminId, java.time.Instant.now()).id());
        server.services().db().run(h -> h.createUpdate("UPDATE \"user\" SET alert = :t, email = 'admin@example.com'"
                + " WHERE username = 'admin'").bind("t", true).execute());
        int p = createProject(admin, "Shop " + db);
        String base = "/api/project/" + p;
        assertThat(admin.put(base, Map.of("name", "Shop " + db, "alert", true)).status()).isEqualTo(204);
        Path repo = GitRepos.create(server.dir(), "notify-" + p, Map.of("ok.sh", "#!/bin/bash\necho ok\n",
                "fail.sh", "#!/bin/bash\nexit 2\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main", "ssh_key_id", none));
        int repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int ok = template(admin, base, "Deploy", "ok.sh", repository, false);
        int quiet = template(admin, base, "Quiet", "ok.sh", repository, true);
        int fail = template(admin, base, "Broken", "fail.sh", repository, false);

        FAKE.failFirst("/hook", 1);
        long task = run(admin, base, ok);
        for (String chat : CHATS.subList(0, 5)) {
            List<FakeHttp.Received> got = FAKE.await(chat, 1, Duration.ofSeconds(20));
            assertThat(got).as(chat).hasSize(1);
            String body = got.get(0).body();
            assertThat(body).as(chat).contains("Shop " + db).contains("Deploy").contains("#" + task).contains("success")
                    .contains("Started by Admin").contains("https://semaphore.example.com/project/" + p + "/history?t=" + task);
        }
        assertThat(FAKE.at("/gotify/message").get(0).header("X-Gotify-Key")).isEqualTo("gotify-app-token");
        assertThat(FAKE.at("/teams").get(0).body()).contains("MessageCard");
        assertThat(FAKE.at("/dingtalk").get(0).body()).contains("\"msgtype\":\"markdown\"");
        // The webhook failed once (HTTP 500) and was tried again after the backoff
        List<FakeHttp.Received> hook = FAKE.await("/hook", 2, Duration.ofSeconds(30));
        assertThat(hook).hasSize(2);
        JsonNode sent = new ObjectMapper().readTree(hook.get(1).body());
        assertThat(sent.get("task_id").asLong()).isEqualTo(task);
        assertThat(sent.get("status").asText()).isEqualTo("success");
        assertThat(sent.get("template_name").asText()).isEqualTo("Deploy");
        assertThat(sent.get("started_by").asText()).isEqualTo("Admin");
        assertThat(events(admin, base)).anyMatch(e -> e.contains("Notification via webhook about task " + task
                + " failed (attempt 1 of 4): webhook answered HTTP 500"));
        assertThat(MAIL.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getSubject()).contains("#" + task).contains("Deploy").contains("success");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("admin@example.com");

        // A suppressed success sends nothing; a failure of another template is sent
        run(admin, base, quiet);
        long failed = run(admin, base, fail);
        assertThat(FAKE.await("/slack", 2, Duration.ofSeconds(20))).hasSize(2);
        Thread.sleep(500);
        List<FakeHttp.Received> slack = FAKE.at("/slack");
        assertThat(slack).hasSize(2);
        assertThat(slack.get(1).body()).contains("#" + failed).contains("Broken").contains("error");

        // "Send a test": every enabled notifier at once, answered per notifier
        FAKE.failFirst("/rocket", 1);
        ApiClient.Response test = admin.post(base + "/notifications/test", null);
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        JsonNode results = test.json().get("results");
        assertThat(results).hasSize(7);
        results.forEach(r -> assertThat(r.get("sent").asBoolean()).as(r.toString()).isEqualTo(!r.get("notifier").asText().equals("rocketchat")));
        assertThat(FAKE.at("/slack").get(2).body()).contains("[test]");
        assertThat(events(admin, base)).anyMatch(e -> e.startsWith("Test notification via rocketchat failed"));
    }

    static int template(ApiClient admin, String base, String name, String script, int repository, boolean suppress) {
        ApiClient.Response r = admin.post(base + "/templates", Map.of("name", name, "app", "bash", "playbook", script,
                "repository_id", repository, "suppress_success_alerts", suppress));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    static long run(ApiClient admin, String base, int template) throws InterruptedException {
        long id = admin.post(base + "/tasks", Map.of("template_id", template)).json().get("id").asLong();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String status = admin.get(base + "/tasks/" + id).json().get("status").asText();
            if (Set.of("success", "error", "stopped").contains(status)) {
                return id;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " did not end");
    }

    static List<String> events(ApiClient admin, String base) {
        List<String> out = new java.util.ArrayList<>();
        admin.get(base + "/events").json().forEach(e -> out.add(e.get("description").asText()));
        return out;
    }
}
