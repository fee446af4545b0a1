package io.semaphore.app;

import io.javalin.Javalin;
import io.semaphore.api.Json;
import io.semaphore.api.Routes;
import io.semaphore.api.WebUi;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.TotpService;
import io.semaphore.auth.TotpStore;
import io.semaphore.auth.LoginThrottle;
import io.semaphore.auth.SessionCookie;
import io.semaphore.auth.SessionPolicy;
import io.semaphore.auth.SessionStore;
import io.semaphore.auth.TokenStore;
import io.semaphore.config.Config;
import io.semaphore.db.Database;
import io.semaphore.db.Dialect;
import io.semaphore.db.Migrator;
import io.semaphore.environment.EnvironmentService;
import io.semaphore.event.EventStore;
import io.semaphore.key.KeyService;
import io.semaphore.key.Secrets;
import io.semaphore.inventory.InventoryService;
import io.semaphore.backup.BackupService;
import io.semaphore.project.ProjectService;
import io.semaphore.runtime.Jobs;
import io.semaphore.task.LogHub;
import io.semaphore.task.LogWriter;
import io.semaphore.task.ProjectJobResources;
import io.semaphore.task.RemoteTaskFeed;
import io.semaphore.task.TaskOutputStore;
import io.semaphore.task.TaskPool;
import io.semaphore.task.TaskService;
import io.semaphore.task.TaskStore;
import io.semaphore.project.ProjectStore;
import io.semaphore.project.References;
import io.semaphore.repository.RepositoryService;
import io.semaphore.user.UserService;
import io.semaphore.user.UserStore;
import io.semaphore.template.TemplateService;
import io.semaphore.view.ViewService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every object of the server with {@code new} (no container) and starts and stops them in order:
 * database and migrations, services, then HTTP. {@link #services} is also what the CLI uses for offline commands.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Services services;
    private Routes routes;
    private Javalin http;
    private HeapTrim heapTrim;

    public Server(Services services) {
        this.services = services;
    }

    /** The objects shared by the server and the CLI's offline commands (user add, migrate, ...). */
    public record Services(Config config, Clock clock, Database db, UserService users, ProjectService projects,
                           AuthService auth, EventStore events, References references,
                           ViewService views, TemplateService templates, Secrets secrets, KeyService keys,
                           EnvironmentService environments, RepositoryService repositories,
                           InventoryService inventories, BackupService backups, TaskService tasks,
                           TaskPool pool, LogHub hub, RemoteTaskFeed remoteTasks, TotpService totp) implements AutoCloseable {

        /** Connects to the database, applies migrations and wires the services. */
        public static Services open(Config config, Clock clock) {
            Database db = Database.open(Dialect.of(config.dialect()), config.database());
            try {
                Secrets secrets = new Secrets(config.accessKeyEncryption());
                Migrator.migrate(db, secrets::encrypt);
                UserStore userStore = new UserStore(db);
                EventStore events = new EventStore(db, clock);
                ProjectStore projectStore = new ProjectStore(db);
                AuthService auth = new AuthService(db, userStore, new SessionStore(db), new TokenStore(db),
                        new SessionCookie(config.cookieHash()), new LoginThrottle(clock), clock,
                        config.passwordLoginDisabled(),
                        SessionPolicy.ofMinutes(config.sessionLifetimeMinutes(), config.sessionIdleTimeoutMinutes()));
                // A password change or deletion ends the user's sessions and tokens through auth.
                UserService users = new UserService(db, userStore, auth, clock);
                ProjectService projects = new ProjectService(db, projectStore, userStore, events, clock,
                        config.nonAdminCanCreateProject());
                References references = new References(db);
                ViewService views = new ViewService(db, events);
                TemplateService templates = new TemplateService(db, references, events);
                KeyService keys = new KeyService(db, secrets, events, references, clock);
                EnvironmentService environments = new EnvironmentService(db, keys, secrets, events, references, clock);
                RepositoryService repositories = new RepositoryService(db, events, references, clock);
                InventoryService inventories = new InventoryService(db, events, references, repositories, clock);
                BackupService backups = new BackupService(db, projects, keys, repositories, inventories, environments,
                        views, templates);
                LogHub hub = new LogHub();
                TaskStore taskStore = new TaskStore(db);
                TaskOutputStore output = new TaskOutputStore(db);
                LogWriter logs = new LogWriter(output, hub, config.maxTaskOutputMb() * 1024L * 1024L);
                TaskService tasks = new TaskService(db, taskStore, logs, templates, references, events, hub, clock);
                TaskPool pool = new TaskPool(db, taskStore, tasks, templates, projectStore, logs,
                        hub, new ProjectJobResources(keys, repositories, inventories, environments), Jobs.local(config.maxTaskOutputLineKb() * 1024), events,
                        config, clock);
                return new Services(config, clock, db, users, projects, auth, events, references,
                        views, templates, secrets, keys, environments, repositories, inventories, backups, tasks,
                        pool, hub, new RemoteTaskFeed(taskStore, output, hub, pool::nodeId),
                        new TotpService(new TotpStore(db), secrets, clock));
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        @Override
        public void close() {
            remoteTasks.close();
            pool.close();
            db.close();
        }
    }

    /** Starts HTTP on the configured interface and port (0 = any free port); returns the port. */
    public int start() {
        Config config = services.config();
        routes = new Routes(services);
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.router.ignoreTrailingSlashes = true;
            c.router.treatMultipleSlashesAsSingleSlash = true;
            c.http.prefer405over404 = false;
            c.jsonMapper(new Json());
            routes.register(c.routes);
            WebUi.register(c);
        });
        String host = config.iface().isEmpty() ? "0.0.0.0" : config.iface();
        services.pool().start();
        services.remoteTasks().start();
        heapTrim = new HeapTrim();
        http.start(host, config.listenPort());
        log.info("Semaphore {} listening on http://{}:{} ({} database)", Version.describe(), host, http.port(),
                config.dialect());
        return http.port();
    }

    public int port() {
        return http.port();
    }

    public Services services() {
        return services;
    }

    /** The registered /api routes with their declared access (for tests that must reach every route). */
    public java.util.List<io.semaphore.api.RegisteredRoutes.Route> routeTable() {
        return io.semaphore.api.RegisteredRoutes.of(http);
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (heapTrim != null) {
            heapTrim.close();
        }
        if (routes != null) {
            routes.close();
        }
        services.close();
    }
}
