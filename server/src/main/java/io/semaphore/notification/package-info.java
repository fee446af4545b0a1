/**
 * Notifications when a task ends: {@link io.semaphore.notification.NotificationService} listens for task ends,
 * decides by the project's {@code alert} and the template's {@code suppress_success_alerts}, and sends a
 * {@link io.semaphore.notification.Notification} through each {@link io.semaphore.notification.Notifier} the
 * configuration enables (email, Slack, Telegram, Microsoft Teams, Rocket.Chat, DingTalk, Gotify, a JSON webhook),
 * each on its own with bounded retries, never holding up the task.
 */
package io.semaphore.notification;
