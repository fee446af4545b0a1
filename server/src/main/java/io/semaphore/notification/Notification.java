package io.semaphore.notification;

/**
 * What a message about a task's end says: project, template, task number, status, who or what started it and
 * where to see it ({@code url} is empty without {@code web_host}). {@code alertChat} is the project's
 * {@code alert_chat} (a Telegram chat id that overrides {@code telegram_chat}).
 */
public record Notification(int projectId, String projectName, int templateId, String templateName, long taskId,
                           String status, String startedBy, String url, String alertChat, boolean test) {

    public String title() {
        return (test ? "[test] " : "") + "Task #" + taskId + " of " + templateName + " (" + projectName + "): " + status;
    }

    public String text() {
        return title() + "\nStarted by " + startedBy + (url.isEmpty() ? "" : "\n" + url);
    }
}
