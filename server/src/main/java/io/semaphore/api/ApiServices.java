package io.semaphore.api;

import io.semaphore.apps.AppService;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.SignInService;
import io.semaphore.auth.TotpService;
import io.semaphore.auth.oidc.OidcService;
import io.semaphore.backup.BackupService;
import io.semaphore.config.Config;
import io.semaphore.db.DatabaseHealth;
import io.semaphore.environment.EnvironmentService;
import io.semaphore.event.EventStore;
import io.semaphore.integration.IntegrationService;
import io.semaphore.integration.WebhookReceiver;
import io.semaphore.inventory.InventoryService;
import io.semaphore.metrics.ServerMetrics;
import io.semaphore.notification.NotificationService;
import io.semaphore.key.KeyService;
import io.semaphore.project.ProjectService;
import io.semaphore.project.References;
import io.semaphore.repository.RepositoryService;
import io.semaphore.schedule.ScheduleService;
import io.semaphore.task.TaskService;
import io.semaphore.task.log.TaskLog;
import io.semaphore.template.TemplateService;
import io.semaphore.user.UserService;
import io.semaphore.view.ViewService;

/** What the API's handlers need, and only that: the composition root ({@code app}) builds it. */
public record ApiServices(Config config, AuthService auth, UserService users, ProjectService projects,
                          EventStore events, DatabaseHealth health, References references, ViewService views,
                          TemplateService templates, KeyService keys, EnvironmentService environments,
                          RepositoryService repositories, InventoryService inventories, BackupService backups,
                          TaskService tasks, TaskLog taskLog, AppService apps,
                          ScheduleService schedules, IntegrationService integrations, WebhookReceiver webhooks,
                          NotificationService notifications, ServerMetrics metrics,
                          TotpService totp, SignInService signIn, OidcService oidc,
                          io.semaphore.runner.RunnerService runners, io.semaphore.runner.RunnerDispatch runnerDispatch) {
}
