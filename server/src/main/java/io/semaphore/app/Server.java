package io.semaphore.app;

import io.javalin.Javalin;
import io.semaphore.api.ApiServices;
import io.semaphore.api.JavalinJson;
import io.semaphore.api.RouteTable;
import io.semaphore.api.Routes;
import io.semaphore.api.WebUi;
import io.semaphore.build.Version;
import io.semaphore.config.Config;
import io.semaphore.db.DatabaseHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a serving node: the {@link Services}, the task {@link Engine} over them, and HTTP with
 * the API's routes, each handed only what it needs ({@link ApiServices}). Starts them in order (database and
 * migrations, engine, HTTP) and stops them in reverse.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Services services;
    private final Engine engine;
    private Routes routes;
    private Javalin http;

    public Server(Services services) {
        this.services = services;
        this.engine = new Engine(services);
    }

    /** Connects to the database, applies migrations and builds the services and the engine (nothing started). */
    public static Server open(Config config, Clock clock) {
        Services services = Services.open(config, clock);
        try {
            return new Server(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** Starts HTTP on the configured interface and port (0 = any free port); returns the port. */
    public int start() {
        Config config = services.config();
        routes = new Routes(apiServices());
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.router.ignoreTrailingSlashes = true;
            c.router.treatMultipleSlashesAsSingleSlash = true;
            c.http.prefer405over404 = false;
            c.jsonMapper(new JavalinJson());
            routes.register(c.routes);
            WebUi.register(c);
        });
        String host = config.iface().isEmpty() ? "0.0.0.0" : config.iface();
        engine.start();
        http.start(host, config.listenPort());
        log.info("Semaphore {} listening on http://{}:{} ({} database)", Version.describe(), host, http.port(),
                config.dialect());
        return http.port();
    }

    private ApiServices apiServices() {
        Services s = services;
        return new ApiServices(s.config(), s.auth(), s.users(), s.projects(), s.events(),
                new DatabaseHealth(s.db(), Duration.ofSeconds(5)), s.references(), s.views(), s.templates(), s.keys(),
                s.environments(), s.repositories(), s.inventories(), s.backups(), engine.tasks(), s.logs(), s.apps(),
                s.schedules(), s.integrations(), engine.webhooks(), engine.notifications(),
                engine.metrics(), s.totp(), s.signIn(), s.oidc(), s.runners(), engine.runnerDispatch());
    }

    public int port() {
        return http.port();
    }

    public Services services() {
        return services;
    }

    public Engine engine() {
        return engine;
    }

    /** Every route with its method, path and required access, once {@link #start} registered them. */
    public List<RouteTable.Route> routeTable() {
        if (routes == null) {
            throw new IllegalStateException("the server has not started");
        }
        return routes.table().routes();
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (routes != null) {
            routes.close();
        }
        engine.close();
        services.close();
    }
}
