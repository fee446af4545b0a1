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
import io.semaphore.app.Server;
import io.semaphore.auth.SessionCookie;
import io.semaphore.auth.SignInService;
import io.semaphore.auth.oidc.OidcService;
import io.semaphore.auth.ldap.LdapDirectory;
import io.semaphore.auth.ldap.LdapSettings;
import io.semaphore.db.DatabaseHealth;
import java.time.Duration;
import java.util.Optional;

/**
 * The one route table of {@code /api}: every path, its handler and the {@link Access} it requires. Paths and
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
    private final KeyHandlers keys;
    private final EnvironmentHandlers environments;
    private final RepositoryHandlers repositories;
    private final InventoryHandlers inventories;

    private final TaskHandlers tasks;
    private final BackupHandlers backups;
    private final LiveSocket live;
    private final ApiDocs docs = new ApiDocs();

    public Routes(Server.Services s) {
        ForwardedHeaders forwarded = new ForwardedHeaders(s.config().trustedProxies());
        CrossSiteGuard crossSite = new CrossSiteGuard(s.config().webHost(), forwarded);
        this.access = new AccessFilter(s.auth(), s.projects().store(), crossSite);
        this.tasks = new TaskHandlers(s.tasks(), s.templates());
        this.backups = new BackupHandlers(s.backups(), s.projects());
        this.live = new LiveSocket(s.auth(), s.projects().store(), s.hub(), crossSite);
        SignInService signIn = new SignInService(s.auth(), s.users().store(), s.totp(), s.config().auth().totp(),
                Optional.ofNullable(LdapSettings.of(s.config())).map(LdapDirectory::new).orElse(null), s.clock());
        this.auth = new AuthHandlers(s.auth(), signIn, s.config(), forwarded);
        this.users = new UserHandlers(s.users(), s.projects(), s.auth(), s.totp());
        this.totp = new TotpHandlers(s.totp(), s.users(), s.config().auth().totp());
        this.oidc = new OidcHandlers(new OidcService(s.config().oidcProviders(), SessionCookie.keyOf(s.config().cookieHash()),
                s.clock()), signIn, auth, s.config(), forwarded);
        this.projects = new ProjectHandlers(s.projects());
        this.info = new InfoHandlers(s.config(), s.events());
        this.health = new HealthHandlers(new DatabaseHealth(s.db(), Duration.ofSeconds(5)));
        this.views = new ViewHandlers(s.views());
        this.templates = new TemplateHandlers(s.templates(), s.references(), s.tasks());
        this.keys = new KeyHandlers(s.keys());
        this.environments = new EnvironmentHandlers(s.environments());
        this.repositories = new RepositoryHandlers(s.repositories());
        this.inventories = new InventoryHandlers(s.inventories());
    }

    public void register(RoutesConfig r) {
        ErrorMapper.register(r);
        // Every API answer is JSON, bodiless ones (204) included; the few plain-text routes set their own type.
        r.before("/api/*", ctx -> ctx.contentType("application/json"));
        r.beforeMatched("/api/*", access::handle);

        r.get("/api/ping", info::ping, PUBLIC);
        r.get("/api/openapi.json", docs::json, PUBLIC);
        // The page to read the description (outside /api: it is HTML for people).
        r.get("/api-docs", docs::page);
        r.get("/api-docs/{file}", docs::asset);
        r.get("/api/health/live", health::live, PUBLIC);
        r.get("/api/health/ready", health::ready, PUBLIC);
        r.get("/api/auth/login", auth::methods, PUBLIC);
        r.post("/api/auth/login", auth::login, PUBLIC);
        r.post("/api/auth/logout", auth::logout, PUBLIC);
        r.post("/api/auth/verify", auth::verify, PENDING_TOTP);
        r.post("/api/auth/recovery", auth::recovery, PENDING_TOTP);
        r.get("/api/auth/oidc/{provider}/login", oidc::login, PUBLIC);
        r.get("/api/auth/oidc/{provider}/redirect", oidc::redirect, PUBLIC);

        r.get("/api/info", info::info, USER);
        r.get("/api/events", info::events, USER);
        r.get("/api/events/last", info::lastEvents, USER);

        r.get("/api/user", users::current, USER);
        r.get("/api/user/tokens", users::tokens, USER);
        r.post("/api/user/tokens", users::createToken, USER);
        r.delete("/api/user/tokens/{token_id}", users::deleteToken, USER);
        r.get("/api/users", users::list, USER);
        r.post("/api/users", users::create, ADMIN);
        r.get("/api/users/{user_id}", users::get, USER);
        r.put("/api/users/{user_id}", users::update, USER);
        r.delete("/api/users/{user_id}", users::delete, USER);
        r.post("/api/users/{user_id}/password", users::password, USER);
        r.post("/api/users/{user_id}/2fas/totp", totp::enable, USER);
        r.delete("/api/users/{user_id}/2fas/totp/{totp_id}", totp::disable, USER);

        r.get("/api/projects", projects::list, USER);
        r.post("/api/projects", projects::create, USER);
        r.get(P, projects::get, MEMBER);
        r.put(P, projects::update, UPDATE_PROJECT);
        r.delete(P, projects::delete, UPDATE_PROJECT);
        r.delete(P + "/me", projects::leave, MEMBER);
        r.get(P + "/role", projects::role, MEMBER);
        r.get(P + "/events", info::projectEvents, MEMBER);
        r.get(P + "/events/last", info::lastProjectEvents, MEMBER);
        r.get(P + "/users", projects::members, MEMBER);
        r.post(P + "/users", projects::addMember, MANAGE_USERS);
        r.get(P + "/users/{user_id}", projects::member, MEMBER);
        r.put(P + "/users/{user_id}", projects::setRole, MANAGE_USERS);
        r.delete(P + "/users/{user_id}", projects::removeMember, MANAGE_USERS);

        // Key store (issue 3)
        r.get(P + "/keys", keys::list, MEMBER);
        r.post(P + "/keys", keys::create, MANAGE_RESOURCES);
        r.get(P + "/keys/{key_id}", keys::get, MEMBER);
        r.get(P + "/keys/{key_id}/refs", keys::refs, MEMBER);
        r.put(P + "/keys/{key_id}", keys::update, MANAGE_RESOURCES);
        r.delete(P + "/keys/{key_id}", keys::delete, MANAGE_RESOURCES);

        // Environments / variable groups (issue 3)
        r.get(P + "/environment", environments::list, MEMBER);
        r.post(P + "/environment", environments::create, MANAGE_RESOURCES);
        r.get(P + "/environment/{environment_id}", environments::get, MEMBER);
        r.get(P + "/environment/{environment_id}/refs", environments::refs, MEMBER);
        r.put(P + "/environment/{environment_id}", environments::update, MANAGE_RESOURCES);
        r.delete(P + "/environment/{environment_id}", environments::delete, MANAGE_RESOURCES);

        // Repositories (issue 3)
        r.get(P + "/repositories", repositories::list, MEMBER);
        r.post(P + "/repositories", repositories::create, MANAGE_RESOURCES);
        r.get(P + "/repositories/{repository_id}", repositories::get, MEMBER);
        r.get(P + "/repositories/{repository_id}/refs", repositories::refs, MEMBER);
        r.put(P + "/repositories/{repository_id}", repositories::update, MANAGE_RESOURCES);
        r.delete(P + "/repositories/{repository_id}", repositories::delete, MANAGE_RESOURCES);

        // Inventories (issue 3)
        r.get(P + "/inventory", inventories::list, MEMBER);
        r.post(P + "/inventory", inventories::create, MANAGE_RESOURCES);
        r.get(P + "/inventory/{inventory_id}", inventories::get, MEMBER);
        r.get(P + "/inventory/{inventory_id}/refs", inventories::refs, MEMBER);
        r.put(P + "/inventory/{inventory_id}", inventories::update, MANAGE_RESOURCES);
        r.delete(P + "/inventory/{inventory_id}", inventories::delete, MANAGE_RESOURCES);

        // Views
        r.get(P + "/views", views::list, MEMBER);
        r.post(P + "/views", views::create, MANAGE_RESOURCES);
        r.post(P + "/views/positions", views::positions, MANAGE_RESOURCES);
        r.get(P + "/views/{view_id}", views::get, MEMBER);
        r.put(P + "/views/{view_id}", views::update, MANAGE_RESOURCES);
        r.delete(P + "/views/{view_id}", views::delete, MANAGE_RESOURCES);


        // Templates
        r.get(P + "/templates", templates::list, MEMBER);
        r.post(P + "/templates", templates::create, MANAGE_RESOURCES);
        r.get(P + "/templates/{template_id}", templates::get, MEMBER);
        r.get(P + "/templates/{template_id}/refs", templates::refs, MEMBER);
        r.put(P + "/templates/{template_id}", templates::update, MANAGE_RESOURCES);
        r.delete(P + "/templates/{template_id}", templates::delete, MANAGE_RESOURCES);
        r.get(P + "/views/{view_id}/templates", templates::listInView, MEMBER);


        // Tasks
        r.get(P + "/tasks", tasks::list, MEMBER);
        r.get(P + "/tasks/last", tasks::last, MEMBER);
        r.post(P + "/tasks", tasks::create, RUN_TASKS);
        r.get(P + "/tasks/{task_id}", tasks::get, MEMBER);
        r.get(P + "/tasks/{task_id}/output", tasks::output, MEMBER);
        r.get(P + "/tasks/{task_id}/raw_output", tasks::rawOutput, MEMBER);
        r.post(P + "/tasks/{task_id}/stop", tasks::stop, RUN_TASKS);
        r.post(P + "/tasks/{task_id}/confirm", tasks::confirm, RUN_TASKS);
        r.post(P + "/tasks/{task_id}/reject", tasks::reject, RUN_TASKS);
        r.delete(P + "/tasks/{task_id}", tasks::delete, MANAGE_RESOURCES);
        r.get(P + "/templates/{template_id}/tasks", tasks::templateTasks, MEMBER);
        r.get(P + "/templates/{template_id}/tasks/last", tasks::templateLast, MEMBER);

        r.get("/api/tasks", tasks::queue, ADMIN);
        r.get("/api/tasks/{task_id}", tasks::queued, ADMIN);
        r.delete("/api/tasks/{task_id}", tasks::stopQueued, ADMIN);

        // Live updates
        r.wsBeforeUpgrade("/api/ws", live::beforeUpgrade);
        r.ws("/api/ws", live::configure, USER);

        // Backup and restore
        r.get(P + "/backup", backups::backup, MEMBER);
        r.post("/api/projects/restore", backups::restore, USER);

    }

    /** Stops what the routes run in the background (the live socket's credential checks). */
    @Override
    public void close() {
        live.close();
    }
}
