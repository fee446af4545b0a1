package io.semaphore.api;

import static io.semaphore.api.Access.ADMIN;
import static io.semaphore.api.Access.MANAGE_RESOURCES;
import static io.semaphore.api.Access.MANAGE_USERS;
import static io.semaphore.api.Access.MEMBER;
import static io.semaphore.api.Access.PENDING_TOTP;
import static io.semaphore.api.Access.PUBLIC;
import static io.semaphore.api.Access.RUN_TASKS;
import static io.semaphore.api.Access.UPDATE_PROJECT;
import static io.semaphore.api.Access.USER;

import io.javalin.config.RoutesConfig;
import io.semaphore.environment.Environment;
import io.semaphore.environment.EnvironmentRequest;
import io.semaphore.inventory.Inventory;
import io.semaphore.inventory.InventoryRequest;
import io.semaphore.key.AccessKey;
import io.semaphore.key.KeyRequest;
import io.semaphore.repository.Repository;
import io.semaphore.repository.RepositoryRequest;

/**
 * The one route table of {@code /api}: every path, its handler and the {@link Access} it requires, registered
 * through {@link RouteTable} so the list can be read back ({@code Server.routeTable()}). Paths and
 * status codes follow Semaphore's API (semaphore-api-v2.10.yml); trailing slashes are ignored by the router.
 */
public final class Routes implements AutoCloseable {
    private static final String P = "/api/project/{project_id}";

    private final AccessFilter access;
    private final AuthHandlers auth;
    private final UserHandlers users;
    private final TotpHandlers totp;
    private final OidcHandlers oidc;
    private final ProjectHandlers projects;
    private final InfoHandlers info;
    private final HealthHandlers health;

    private final ViewHandlers views;
    private final TemplateHandlers templates;
    private final ProjectResourceHandlers<AccessKey, KeyRequest> keys;
    private final ProjectResourceHandlers<Environment, EnvironmentRequest> environments;
    private final ProjectResourceHandlers<Repository, RepositoryRequest> repositories;
    private final ProjectResourceHandlers<Inventory, InventoryRequest> inventories;

    private final TaskHandlers tasks;
    private final IntegrationHandlers integrations;
    private final NotificationHandlers notifications;
    private final LogSearchHandlers logSearch;
    private final BackupHandlers backups;
    private final LiveSocket live;
    private final ApiDocs docs = new ApiDocs();
    private final AppHandlers apps;
    private final ScheduleHandlers schedules;
    private final QueueHandlers queue;
    private final MetricsHandlers metrics;
    private final RunnerHandlers runners;
    private final RunnerProtocolHandlers runnerProtocol;
    private RouteTable table;

    public Routes(ApiServices s) {
        ForwardedHeaders forwarded = new ForwardedHeaders(s.config().trustedProxies());
        CrossSiteGuard crossSite = new CrossSiteGuard(s.config().webHost(), forwarded);
        this.access = new AccessFilter(s.auth(), s.projects(), crossSite);
        this.tasks = new TaskHandlers(s.tasks(), s.templates());
        this.integrations = new IntegrationHandlers(s.integrations(), s.webhooks());
        this.notifications = new NotificationHandlers(s.notifications(), s.tasks());
        this.logSearch = new LogSearchHandlers(s.tasks());
        this.backups = new BackupHandlers(s.backups(), s.projects());
        this.live = new LiveSocket(s.auth(), s.projects(), s.taskLog(), crossSite);
        this.auth = new AuthHandlers(s.auth(), s.signIn(), s.config(), forwarded);
        this.users = new UserHandlers(s.users(), s.projects(), s.auth(), s.totp());
        this.totp = new TotpHandlers(s.totp(), s.users(), s.config().auth().totp());
        this.oidc = new OidcHandlers(s.oidc(), s.signIn(), auth, s.config(), forwarded);
        this.projects = new ProjectHandlers(s.projects());
        this.info = new InfoHandlers(s.config(), s.events());
        this.health = new HealthHandlers(s.health());
        this.views = new ViewHandlers(s.views());
        this.templates = new TemplateHandlers(s.templates(), s.references(), s.tasks());
        // Responses never carry secrets (the services' views leave them out). Creates answer as Semaphore v2.10.
        this.keys = new ProjectResourceHandlers<>(s.keys(), "key_id", KeyRequest.class, false);
        this.environments = new ProjectResourceHandlers<>(s.environments(), "environment_id",
                EnvironmentRequest.class, false);
        this.repositories = new ProjectResourceHandlers<>(s.repositories(), "repository_id", RepositoryRequest.class,
                false);
        this.inventories = new ProjectResourceHandlers<>(s.inventories(), "inventory_id", InventoryRequest.class, true);
        this.apps = new AppHandlers(s.apps());
        this.schedules = new ScheduleHandlers(s.schedules());
        this.queue = new QueueHandlers(s.tasks(), s.templates());
        this.metrics = new MetricsHandlers(s.metrics(), s.auth(), s.config().metricsToken());
        this.runners = new RunnerHandlers(s.runners());
        this.runnerProtocol = new RunnerProtocolHandlers(s.runners(), s.runnerDispatch());
    }

    /** Registers every route through a {@link RouteTable}, which {@link #table()} then lists. */
    public void register(RoutesConfig r) {
        RouteTable t = new RouteTable(r);
        ErrorMapper.register(r);
        // Every API answer is JSON, bodiless ones (204) included; the few plain-text routes set their own type.
        r.before("/api/*", ctx -> ctx.contentType("application/json"));
        r.before("/api/*", metrics::before);
        r.after("/api/*", metrics::after);
        r.beforeMatched("/api/*", access::handle);

        t.get("/api/ping", info::ping, PUBLIC);
        t.get("/api/openapi.json", docs::json, PUBLIC);
        // The page to read the description (outside /api: it is HTML for people).
        t.page("/api-docs", docs::page);
        t.page("/api-docs/{file}", docs::asset);
        t.get("/api/health/live", health::live, PUBLIC);
        t.get("/api/health/ready", health::ready, PUBLIC);
        // Administrators or the metrics_token: checked by the handler, which accepts a token that is no user's.
        t.get("/api/metrics", metrics::scrape, PUBLIC);
        t.get("/api/auth/login", auth::methods, PUBLIC);
        t.post("/api/auth/login", auth::login, PUBLIC);
        t.post("/api/auth/logout", auth::logout, PUBLIC);
        t.post("/api/auth/verify", auth::verify, PENDING_TOTP);
        t.post("/api/auth/recovery", auth::recovery, PENDING_TOTP);
        t.get("/api/auth/oidc/{provider}/login", oidc::login, PUBLIC);
        t.get("/api/auth/oidc/{provider}/redirect", oidc::redirect, PUBLIC);
        // Remote runners (Semaphore's protocol): the registration token or X-Runner-Token, checked by the handlers.
        t.post("/api/internal/runners", runnerProtocol::register, PUBLIC);
        t.get("/api/internal/runners", runnerProtocol::poll, PUBLIC);
        t.put("/api/internal/runners", runnerProtocol::progress, PUBLIC);
        t.delete("/api/internal/runners", runnerProtocol::unregister, PUBLIC);

        t.get("/api/info", info::info, USER);
        t.get("/api/events", info::events, USER);
        t.get("/api/events/last", info::lastEvents, USER);

        // Apps (Semaphore's list for the template forms; settings for administrators)
        t.get("/api/apps", apps::list, USER);
        t.get("/api/apps/{app_id}", apps::get, ADMIN);
        t.put("/api/apps/{app_id}", apps::update, ADMIN);
        t.post("/api/apps/{app_id}/active", apps::setActive, ADMIN);
        t.delete("/api/apps/{app_id}", apps::delete, ADMIN);

        t.get("/api/user", users::current, USER);
        t.get("/api/user/tokens", users::tokens, USER);
        t.post("/api/user/tokens", users::createToken, USER);
        t.delete("/api/user/tokens/{token_id}", users::deleteToken, USER);
        t.get("/api/user/sessions", users::sessions, USER);
        t.delete("/api/user/sessions/{session_id}", users::deleteSession, USER);
        t.get("/api/users", users::list, USER);
        t.post("/api/users", users::create, ADMIN);
        t.get("/api/users/{user_id}", users::get, USER);
        t.put("/api/users/{user_id}", users::update, USER);
        t.delete("/api/users/{user_id}", users::delete, USER);
        t.post("/api/users/{user_id}/password", users::password, USER);
        t.post("/api/users/{user_id}/2fas/totp", totp::enable, USER);
        t.delete("/api/users/{user_id}/2fas/totp/{totp_id}", totp::disable, USER);

        t.get("/api/projects", projects::list, USER);
        t.post("/api/projects", projects::create, USER);
        t.get(P, projects::get, MEMBER);
        t.put(P, projects::update, UPDATE_PROJECT);
        t.delete(P, projects::delete, UPDATE_PROJECT);
        t.delete(P + "/me", projects::leave, MEMBER);
        t.get(P + "/role", projects::role, MEMBER);
        t.get(P + "/events", info::projectEvents, MEMBER);
        t.get(P + "/events/last", info::lastProjectEvents, MEMBER);
        t.get(P + "/users", projects::members, MEMBER);
        t.post(P + "/users", projects::addMember, MANAGE_USERS);
        t.get(P + "/users/{user_id}", projects::member, MEMBER);
        t.put(P + "/users/{user_id}", projects::setRole, MANAGE_USERS);
        t.delete(P + "/users/{user_id}", projects::removeMember, MANAGE_USERS);

        // Key store (issue 3)
        t.get(P + "/keys", keys::list, MEMBER);
        t.post(P + "/keys", keys::create, MANAGE_RESOURCES);
        t.get(P + "/keys/{key_id}", keys::get, MEMBER);
        t.get(P + "/keys/{key_id}/refs", keys::refs, MEMBER);
        t.put(P + "/keys/{key_id}", keys::update, MANAGE_RESOURCES);
        t.delete(P + "/keys/{key_id}", keys::delete, MANAGE_RESOURCES);

        // Environments / variable groups (issue 3)
        t.get(P + "/environment", environments::list, MEMBER);
        t.post(P + "/environment", environments::create, MANAGE_RESOURCES);
        t.get(P + "/environment/{environment_id}", environments::get, MEMBER);
        t.get(P + "/environment/{environment_id}/refs", environments::refs, MEMBER);
        t.put(P + "/environment/{environment_id}", environments::update, MANAGE_RESOURCES);
        t.delete(P + "/environment/{environment_id}", environments::delete, MANAGE_RESOURCES);

        // Repositories (issue 3)
        t.get(P + "/repositories", repositories::list, MEMBER);
        t.post(P + "/repositories", repositories::create, MANAGE_RESOURCES);
        t.get(P + "/repositories/{repository_id}", repositories::get, MEMBER);
        t.get(P + "/repositories/{repository_id}/refs", repositories::refs, MEMBER);
        t.put(P + "/repositories/{repository_id}", repositories::update, MANAGE_RESOURCES);
        t.delete(P + "/repositories/{repository_id}", repositories::delete, MANAGE_RESOURCES);

        // Inventories (issue 3)
        t.get(P + "/inventory", inventories::list, MEMBER);
        t.post(P + "/inventory", inventories::create, MANAGE_RESOURCES);
        t.get(P + "/inventory/{inventory_id}", inventories::get, MEMBER);
        t.get(P + "/inventory/{inventory_id}/refs", inventories::refs, MEMBER);
        t.put(P + "/inventory/{inventory_id}", inventories::update, MANAGE_RESOURCES);
        t.delete(P + "/inventory/{inventory_id}", inventories::delete, MANAGE_RESOURCES);

        // Views
        t.get(P + "/views", views::list, MEMBER);
        t.post(P + "/views", views::create, MANAGE_RESOURCES);
        t.post(P + "/views/positions", views::positions, MANAGE_RESOURCES);
        t.get(P + "/views/{view_id}", views::get, MEMBER);
        t.put(P + "/views/{view_id}", views::update, MANAGE_RESOURCES);
        t.delete(P + "/views/{view_id}", views::delete, MANAGE_RESOURCES);


        // Templates
        t.get(P + "/templates", templates::list, MEMBER);
        t.post(P + "/templates", templates::create, MANAGE_RESOURCES);
        t.get(P + "/templates/{template_id}", templates::get, MEMBER);
        t.get(P + "/templates/{template_id}/refs", templates::refs, MEMBER);
        t.put(P + "/templates/{template_id}", templates::update, MANAGE_RESOURCES);
        t.delete(P + "/templates/{template_id}", templates::delete, MANAGE_RESOURCES);
        t.get(P + "/views/{view_id}/templates", templates::listInView, MEMBER);


        // Tasks
        t.get(P + "/tasks", tasks::list, MEMBER);
        t.get(P + "/tasks/last", tasks::last, MEMBER);
        t.post(P + "/tasks", tasks::create, RUN_TASKS);
        t.get(P + "/tasks/{task_id}", tasks::get, MEMBER);
        t.get(P + "/tasks/{task_id}/output", tasks::output, MEMBER);
        t.get(P + "/tasks/{task_id}/raw_output", tasks::rawOutput, MEMBER);
        t.get(P + "/tasks/{task_id}/output/search", logSearch::search, MEMBER);
        t.post(P + "/tasks/{task_id}/stop", tasks::stop, RUN_TASKS);
        t.post(P + "/tasks/{task_id}/confirm", tasks::confirm, RUN_TASKS);
        t.post(P + "/tasks/{task_id}/reject", tasks::reject, RUN_TASKS);
        t.delete(P + "/tasks/{task_id}", tasks::delete, MANAGE_RESOURCES);
        t.get(P + "/templates/{template_id}/tasks", tasks::templateTasks, MEMBER);
        t.get(P + "/templates/{template_id}/tasks/last", tasks::templateLast, MEMBER);
        t.get(P + "/templates/{template_id}/run_stats", tasks::runStats, MEMBER);

        t.get("/api/tasks", tasks::queue, ADMIN);
        t.get("/api/tasks/{task_id}", tasks::queued, ADMIN);
        t.delete("/api/tasks/{task_id}", tasks::stopQueued, ADMIN);

        // Schedules (issue 12)
        t.get(P + "/schedules", schedules::list, MEMBER);
        t.post(P + "/schedules", schedules::create, MANAGE_RESOURCES);
        t.post(P + "/schedules/validate", schedules::validate, MANAGE_RESOURCES);
        t.post(P + "/schedules/preview", schedules::preview, MEMBER);
        t.get(P + "/schedules/{schedule_id}", schedules::get, MEMBER);
        t.put(P + "/schedules/{schedule_id}", schedules::update, MANAGE_RESOURCES);
        t.put(P + "/schedules/{schedule_id}/active", schedules::setActive, MANAGE_RESOURCES);
        t.delete(P + "/schedules/{schedule_id}", schedules::delete, MANAGE_RESOURCES);
        t.get(P + "/templates/{template_id}/schedules", schedules::ofTemplate, MEMBER);

        // Queue control (issue 12, ours)
        t.post(P + "/tasks/stop_waiting", queue::stopWaitingOfProject, RUN_TASKS);
        t.post(P + "/templates/{template_id}/tasks/stop_waiting", queue::stopWaitingOfTemplate, RUN_TASKS);

        // Live updates
        r.wsBeforeUpgrade("/api/ws", live::beforeUpgrade);
        t.ws("/api/ws", live::configure, USER);

        // Integrations (incoming webhooks); the aliases routes before {integration_id}, which would take "aliases"
        t.post("/api/integrations/{integration_alias}", integrations::receive, PUBLIC);
        t.get(P + "/integrations/aliases", integrations::projectAliases, MANAGE_RESOURCES);
        t.post(P + "/integrations/aliases", integrations::createProjectAlias, MANAGE_RESOURCES);
        t.delete(P + "/integrations/aliases/{alias_id}", integrations::deleteProjectAlias, MANAGE_RESOURCES);
        t.get(P + "/integrations", integrations::list, MEMBER);
        t.post(P + "/integrations", integrations::create, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}", integrations::get, MEMBER);
        t.put(P + "/integrations/{integration_id}", integrations::update, MANAGE_RESOURCES);
        t.delete(P + "/integrations/{integration_id}", integrations::delete, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}/matchers", integrations.matchers::list, MEMBER);
        t.post(P + "/integrations/{integration_id}/matchers", integrations.matchers::create, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}/matchers/{matcher_id}", integrations.matchers::get, MEMBER);
        t.put(P + "/integrations/{integration_id}/matchers/{matcher_id}", integrations.matchers::update, MANAGE_RESOURCES);
        t.delete(P + "/integrations/{integration_id}/matchers/{matcher_id}", integrations.matchers::delete, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}/values", integrations.values::list, MEMBER);
        t.post(P + "/integrations/{integration_id}/values", integrations.values::create, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}/values/{extractvalue_id}", integrations.values::get, MEMBER);
        t.put(P + "/integrations/{integration_id}/values/{extractvalue_id}", integrations.values::update, MANAGE_RESOURCES);
        t.delete(P + "/integrations/{integration_id}/values/{extractvalue_id}", integrations.values::delete, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}/aliases", integrations::aliases, MANAGE_RESOURCES);
        t.post(P + "/integrations/{integration_id}/aliases", integrations::createAlias, MANAGE_RESOURCES);
        t.delete(P + "/integrations/{integration_id}/aliases/{alias_id}", integrations::deleteAlias, MANAGE_RESOURCES);
        t.get(P + "/integrations/{integration_id}/refs", integrations::refs, MEMBER);
        t.get(P + "/integrations/{integration_id}/matchers/{matcher_id}/refs", integrations::matcherRefs, MEMBER);
        t.get(P + "/integrations/{integration_id}/values/{extractvalue_id}/refs", integrations::valueRefs, MEMBER);

        // Notifications (ours): a test message through every enabled notifier
        t.post(P + "/notifications/test", notifications::test, UPDATE_PROJECT);
        t.get("/api/notifications", notifications::channels, ADMIN);

        // Remote runners (issue 14): global ones for administrators, a project's own for its managers
        t.get("/api/runners", runners::listGlobal, ADMIN);
        t.post("/api/runners", runners::createGlobal, ADMIN);
        t.get("/api/runners/{runner_id}", runners::getGlobal, ADMIN);
        t.put("/api/runners/{runner_id}", runners::updateGlobal, ADMIN);
        t.post("/api/runners/{runner_id}/active", runners::setActiveGlobal, ADMIN);
        t.delete("/api/runners/{runner_id}", runners::deleteGlobal, ADMIN);
        t.get(P + "/runners", runners::listOfProject, MEMBER);
        t.post(P + "/runners", runners::createInProject, MANAGE_RESOURCES);
        t.get(P + "/runners/{runner_id}", runners::getOfProject, MEMBER);
        t.put(P + "/runners/{runner_id}", runners::updateInProject, MANAGE_RESOURCES);
        t.post(P + "/runners/{runner_id}/active", runners::setActiveInProject, MANAGE_RESOURCES);
        t.delete(P + "/runners/{runner_id}", runners::deleteOfProject, MANAGE_RESOURCES);

        // Backup and restore
        t.get(P + "/backup", backups::backup, MEMBER);
        t.post("/api/projects/restore", backups::restore, USER);
        table = t;
    }

    /** Every route registered, once {@link #register} ran. */
    public RouteTable table() {
        if (table == null) {
            throw new IllegalStateException("the routes are not registered yet");
        }
        return table;
    }

    /** Stops what the routes run in the background (the live socket's credential checks). */
    @Override
    public void close() {
        live.close();
    }
}
