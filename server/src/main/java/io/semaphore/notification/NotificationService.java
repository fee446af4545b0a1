package io.semaphore.notification;

import io.semaphore.config.Config;
import io.semaphore.db.Database;
import io.semaphore.event.EventStore;
import io.semaphore.project.Project;
import io.semaphore.project.ProjectStore;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateService;
import io.semaphore.errors.NotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about ended tasks. A task's end is sent when its project has {@code alert} on, unless it succeeded
 * and its template suppresses success alerts; only success and error are told (a person stopped or rejected the
 * others). Each enabled notifier sends on a thread of this service, so a slow or failing service never holds up
 * the task or the other notifiers; a failed send is logged, recorded as an event of the project and tried again
 * after {@code backoff}, doubling, at most {@code attempts} times in all.
 */
public final class NotificationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);
    private static final String TELEGRAM_API = "https://api.telegram.org";

    private final ProjectStore projects;
    private final TemplateService templates;
    private final EventStore events;
    private final String webHost;
    private final List<Notifier> notifiers;
    private final Duration backoff;
    private final int attempts;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("notify-", 0).daemon(true).factory());

    public NotificationService(ProjectStore projects, TemplateService templates, EventStore events, String webHost,
                               List<Notifier> notifiers, Duration backoff, int attempts) {
        this.projects = projects;
        this.templates = templates;
        this.events = events;
        this.webHost = webHost == null ? "" : webHost.replaceAll("/+$", "");
        this.notifiers = notifiers;
        this.backoff = backoff;
        this.attempts = Math.max(1, attempts);
    }

    /** The notifiers Semaphore's configuration keys describe, plus our JSON webhook; 4 attempts from 5 s apart. */
    public static NotificationService fromConfig(Config c, Database db, ProjectStore projects, TemplateService templates,
                                                 EventStore events) {
        return new NotificationService(projects, templates, events, c.webHost(), notifiers(c, db, TELEGRAM_API),
                Duration.ofSeconds(5), 4);
    }

    /** Every notifier of the configuration; {@code telegramApi} is Telegram's API root (a local fake in tests). */
    public static List<Notifier> notifiers(Config c, Database db, String telegramApi) {
        List<Notifier> list = new ArrayList<>();
        list.add(new EmailNotifier(c, projectId -> db.read(h -> h.createQuery("SELECT u.email FROM project__user pu"
                        + " JOIN \"user\" u ON u.id = pu.user_id WHERE pu.project_id = :p AND u.alert = :t"
                        + " AND u.email <> '' ORDER BY u.id")
                .bind("p", projectId).bind("t", true).mapTo(String.class).list())));
        list.add(new HttpNotifier("slack", c.slackAlert(), c.slackUrl(), Map.of(), n -> Map.of("text", n.text())));
        list.add(new HttpNotifier("rocketchat", c.rocketchatAlert(), c.rocketchatUrl(), Map.of(),
                n -> Map.of("text", n.text())));
        list.add(new HttpNotifier("microsoft_teams", c.microsoftTeamsAlert(), c.microsoftTeamsUrl(), Map.of(),
                n -> Map.of("@type", "MessageCard", "@context", "https://schema.org/extensions", "summary", n.title(),
                        "title", n.title(), "text", n.text().replace("\n", "<br>"),
                        "themeColor", n.status().equals("success") ? "2EB886" : "DC3545")));
        list.add(new HttpNotifier("dingtalk", c.dingtalkAlert(), c.dingtalkUrl(), Map.of(),
                n -> Map.of("msgtype", "markdown", "markdown", Map.of("title", n.title(), "text", n.text()))));
        list.add(new HttpNotifier("gotify", c.gotifyAlert() && !c.gotifyToken().isBlank(),
                c.gotifyUrl().replaceAll("/+$", "") + "/message", Map.of("X-Gotify-Key", c.gotifyToken()),
                n -> Map.of("title", n.title(), "message", n.text(), "priority", n.status().equals("success") ? 2 : 8)));
        list.add(new TelegramNotifier(c.telegramAlert(), telegramApi, c.telegramToken(), c.telegramChat()));
        list.add(new HttpNotifier("webhook", c.webhookAlert(), c.webhookUrl(), Map.of(), NotificationService::webhookBody));
        return list;
    }

    /** A channel and whether the configuration turns it on (what the administrators' Notifications page shows). */
    public record Channel(String notifier, boolean enabled) {}

    /** Every channel this server knows, enabled or not; no address or token (they may hold secrets). */
    public List<Channel> channels() {
        return notifiers.stream().map(n -> new Channel(n.name(), n.enabled())).toList();
    }

    /** The generic webhook's body (ours): the facts as fields, for scripts. */
    static Map<String, Object> webhookBody(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project_id", n.projectId());
        m.put("project_name", n.projectName());
        m.put("template_id", n.templateId());
        m.put("template_name", n.templateName());
        m.put("task_id", n.taskId());
        m.put("status", n.status());
        m.put("started_by", n.startedBy());
        m.put("url", n.url());
        m.put("title", n.title());
        m.put("test", n.test());
        return m;
    }

    public void taskEnded(Task task) {
        if (task.status() != TaskStatus.SUCCESS && task.status() != TaskStatus.ERROR) {
            return;
        }
        if (notifiers.stream().noneMatch(Notifier::enabled)) {
            return;
        }
        executor.execute(() -> {
            try {
                Project p = projects.find(task.projectId()).orElse(null);
                if (p == null || !p.alert()) {
                    return;
                }
                Template tpl = templates.get(task.projectId(), task.templateId());
                if (task.status() == TaskStatus.SUCCESS && tpl.suppressSuccessAlerts()) {
                    return;
                }
                Notification n = notification(p, task, tpl.name(), false);
                for (Notifier notifier : notifiers) {
                    if (notifier.enabled()) {
                        attempt(notifier, n, 1);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not prepare the notifications of task {}: {}", task.id(), e.toString());
            }
        });
    }

    /** One result of {@link #sendTest}. */
    public record TestResult(String notifier, boolean sent, String error) {}

    /**
     * Sends a test message about the project's newest task (or a made-up one) through every enabled notifier now,
     * once each, whatever the project's {@code alert} says; failures are answered and recorded as events.
     */
    public List<TestResult> sendTest(int userId, int projectId, Task newest) {
        Project p = projects.find(projectId).orElseThrow(() -> new NotFoundException("Project " + projectId + " not found"));
        Notification n = newest != null ? notification(p, newest, newest.tplAlias() == null ? "" : newest.tplAlias(), true)
                : new Notification(p.id(), p.name(), 0, "(no template)", 0, "success", "a test from the project settings",
                        webHost.isEmpty() ? "" : webHost + "/project/" + p.id() + "/history", orEmpty(p.alertChat()), true);
        List<TestResult> results = new ArrayList<>();
        for (Notifier notifier : notifiers) {
            if (!notifier.enabled()) {
                continue;
            }
            try {
                notifier.send(n);
                results.add(new TestResult(notifier.name(), true, ""));
            } catch (Exception e) {
                String why = message(e);
                events.record(projectId, userId, "notification", null, "Test notification via " + notifier.name()
                        + " failed: " + why);
                results.add(new TestResult(notifier.name(), false, why));
            }
        }
        return results;
    }

    private void attempt(Notifier notifier, Notification n, int attempt) {
        try {
            notifier.send(n);
        } catch (Exception e) {
            String why = message(e);
            boolean again = attempt < attempts;
            Duration wait = backoff.multipliedBy(1L << (attempt - 1));
            log.warn("Notification via {} about task {} failed (attempt {} of {}): {}{}", notifier.name(), n.taskId(),
                    attempt, attempts, why, again ? "; trying again in " + wait.toMillis() + " ms" : "; giving up");
            try {
                events.record(n.projectId(), null, "notification", null, "Notification via " + notifier.name()
                        + " about task " + n.taskId() + " failed (attempt " + attempt + " of " + attempts + "): " + why
                        + (again ? "; trying again" : "; giving up"));
            } catch (RuntimeException ex) {
                log.warn("Could not record the notification failure: {}", ex.toString());
            }
            if (again) {
                executor.schedule(() -> attempt(notifier, n, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private Notification notification(Project p, Task t, String templateName, boolean test) {
        String startedBy = t.integrationId() != null ? "integration " + t.integrationId()
                : t.scheduleId() != null ? "schedule " + t.scheduleId()
                : t.userName() != null && !t.userName().isEmpty() ? t.userName()
                : t.userId() != null ? "user " + t.userId() : "Semaphore";
        String url = webHost.isEmpty() ? "" : webHost + "/project/" + p.id() + "/history?t=" + t.id();
        return new Notification(p.id(), p.name(), t.templateId(), templateName, t.id(), t.status().json(), startedBy,
                url, orEmpty(p.alertChat()), test);
    }

    private static String message(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
