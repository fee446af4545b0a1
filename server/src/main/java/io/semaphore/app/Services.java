package io.semaphore.app;

import io.semaphore.apps.AppService;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.LoginThrottle;
import io.semaphore.auth.SessionCookie;
import io.semaphore.auth.SignInService;
import io.semaphore.auth.ldap.LdapDirectory;
import io.semaphore.auth.ldap.LdapSettings;
import io.semaphore.auth.oidc.OidcService;
import io.semaphore.auth.SessionPolicy;
import io.semaphore.auth.SessionStore;
import io.semaphore.auth.TokenStore;
import io.semaphore.auth.TotpService;
import io.semaphore.auth.TotpStore;
import io.semaphore.backup.BackupService;
import io.semaphore.config.Config;
import io.semaphore.db.Database;
import io.semaphore.db.Dialect;
import io.semaphore.db.Migrator;
import io.semaphore.environment.EnvironmentService;
import io.semaphore.event.EventStore;
import io.semaphore.integration.IntegrationService;
import io.semaphore.inventory.InventoryService;
import io.semaphore.key.KeyService;
import io.semaphore.key.Secrets;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.ProjectService;
import io.semaphore.project.ProjectStore;
import io.semaphore.project.References;
import io.semaphore.repository.RepositoryService;
import io.semaphore.retention.SqliteSpace;
import io.semaphore.runner.RunnerService;
import io.semaphore.retention.TaskPruner;
import io.semaphore.schedule.ScheduleService;
import io.semaphore.task.log.LogHub;
import io.semaphore.task.log.LogWriter;
import io.semaphore.task.log.TaskOutputStore;
import io.semaphore.task.state.TaskLifecycle;
import io.semaphore.task.state.TaskStore;
import io.semaphore.template.TemplateService;
import io.semaphore.user.UserService;
import io.semaphore.user.UserStore;
import io.semaphore.view.ViewService;
import java.time.Clock;
import java.util.Optional;

/**
 * The stores and services of the server, built with {@code new} (no container) over one database: what the CLI's
 * offline commands (user add, migrate, ...) use. Starts no threads; the task engine's threads are {@link Engine}'s.
 * Closing it closes what it made: the task log writer, then the database.
 */
public record Services(Config config, Clock clock, Database db, UserService users, ProjectStore projectStore,
                       ProjectService projects, AuthService auth, EventStore events, References references,
                       ViewService views, TemplateService templates, Secrets secrets, KeyService keys,
                       EnvironmentService environments, RepositoryService repositories,
                       InventoryService inventories, BackupService backups, TotpService totp, TaskStore taskStore,
                       TaskOutputStore taskOutput, LogHub hub, LogWriter logs, TaskLifecycle lifecycle,
                       AppService apps, ScheduleService schedules,
                       IntegrationService integrations, TaskPruner pruner, SignInService signIn, OidcService oidc,
                       RunnerService runners)
        implements AutoCloseable {

    /** Connects to the database, applies migrations and wires the services. */
    public static Services open(Config config, Clock clock) {
        Database db = Database.open(Dialect.of(config.dialect()), config.database());
        try {
            Secrets secrets = new Secrets(config.accessKeyEncryption());
            SqliteSpace.prepareNew(db); // before the first table: lets the file shrink after retention
            Migrator.migrate(db, secrets::encrypt);
            UserStore userStore = new UserStore(db);
            EventStore events = new EventStore(db, clock);
            ProjectStore projectStore = new ProjectStore(db);
            AuthService auth = new AuthService(db, userStore, new SessionStore(db), new TokenStore(db),
                    new SessionCookie(config.cookieHash(), config.cookieEncryption()), new LoginThrottle(clock), clock,
                    config.passwordLoginDisabled(),
                    SessionPolicy.ofMinutes(config.sessionLifetimeMinutes(), config.sessionIdleTimeoutMinutes()));
            // A password change or deletion ends the user's sessions and tokens through auth.
            UserService users = new UserService(db, userStore, auth, clock);
            ProjectService projects = new ProjectService(db, projectStore, userStore, events, clock,
                    config.nonAdminCanCreateProject());
            References references = new References(db);
            ProjectChanges changes = new ProjectChanges(db, events, references, clock);
            ViewService views = new ViewService(changes);
            TemplateService templates = new TemplateService(db, references, events);
            KeyService keys = new KeyService(changes, secrets);
            EnvironmentService environments = new EnvironmentService(changes, keys, secrets);
            RepositoryService repositories = new RepositoryService(changes);
            InventoryService inventories = new InventoryService(changes, repositories);
            BackupService backups = new BackupService(db, projects, keys, repositories, inventories, environments,
                    views, templates);
            TotpService totp = new TotpService(new TotpStore(db), secrets, clock);
            LogHub hub = new LogHub();
            TaskStore taskStore = new TaskStore(db);
            TaskOutputStore output = new TaskOutputStore(db);
            // Its thread starts with the first line a task writes: never in offline commands.
            LogWriter logs = new LogWriter(output, hub, config.maxTaskOutputMb() * 1024L * 1024L);
            TaskLifecycle lifecycle = new TaskLifecycle(db, taskStore, events, hub, clock);
            return new Services(config, clock, db, users, projectStore, projects, auth, events, references, views,
                    templates, secrets, keys, environments, repositories, inventories, backups,
                    totp, taskStore, output, hub, logs, lifecycle,
                    new AppService(db, config.apps()),
                    new ScheduleService(changes, java.time.ZoneId.of(config.schedule().timezone())),
                    new IntegrationService(changes, keys, config.webHost()),
                    new TaskPruner(db, events, clock),
                    new SignInService(auth, userStore, totp, config.auth().totp(),
                            Optional.ofNullable(LdapSettings.of(config)).map(LdapDirectory::new).orElse(null), clock),
                    new OidcService(config.oidcProviders(), SessionCookie.keyOf(config.cookieHash()), clock),
                    new RunnerService(db, config.runnerRegistrationToken(), clock));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** After the {@link Engine} closed (its tasks ended and their logs finished). */
    @Override
    public void close() {
        logs.close();
        db.close();
    }
}
