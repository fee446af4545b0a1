package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.api.RouteTable.Route;
import io.semaphore.project.Permission;
import io.semaphore.project.Role;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * The role matrix, generated: EVERY /api route the running server registered (read back from its router, not a
 * hand list) is called as a global admin, as each project role (owner, manager, task_runner, guest), as the owner of
 * another project, as a user of no project and anonymously. Each call must be allowed or refused as Semaphore does
 * (401 not signed in, 403 not allowed, 404 a project the caller is not a member of), and a refused call must leave
 * every table of the database as it was. The expected answer does not come from what {@link Routes} declares nor
 * from the table in {@link Role}: it comes from Semaphore's rules written here on their own ({@link
 * #semaphoreAccess}: which routes are public or admin-only, and which permission a change in a project needs, by
 * the kind of object it changes) and Semaphore's masks (owner 15, manager 5, task_runner 1, guest 0). Requests carry an empty JSON object as
 * their body: an allowed caller then gets past the access check to the handler (2xx, or 400/404/409 from it),
 * which is what "allowed" means here; an allowed call that changed something is followed by a fresh project.
 */
class RoleMatrixTest extends ServerOnEachDatabase {
    enum Caller { ANONYMOUS, NO_PROJECT, OTHER_PROJECT, GUEST, TASK_RUNNER, MANAGER, OWNER, ADMIN }

    /** Semaphore's role masks (db/ProjectUser.go), written independently of {@link Role}. */
    private static final Map<Caller, Integer> SEMAPHORE_MASK = Map.of(
            Caller.OWNER, 15, Caller.MANAGER, 5, Caller.TASK_RUNNER, 1, Caller.GUEST, 0);
    /** Semaphore's permission bits by the access levels that need them. */
    private static final Map<Access, Integer> SEMAPHORE_BIT = Map.of(
            Access.RUN_TASKS, 1, Access.UPDATE_PROJECT, 2, Access.MANAGE_RESOURCES, 4, Access.MANAGE_USERS, 8);

    /** The only routes anyone may call without signing in. */
    private static final Set<String> PUBLIC = Set.of(
            "GET /api/ping", "GET /api/openapi.json", "GET /api/health/live", "GET /api/health/ready",
            "GET /api/auth/login", "POST /api/auth/login", "POST /api/auth/logout",
            // an incoming webhook: the integration's auth method (none, token, signature) is checked by its handler
            "POST /api/integrations/{integration_alias}",
            // remote runners (Semaphore's protocol): the registration token or X-Runner-Token, checked by the handlers
            "POST /api/internal/runners", "GET /api/internal/runners", "PUT /api/internal/runners",
            "DELETE /api/internal/runners");

    /**
     * Routes that declare a different access than the rule gives, because their handler takes what the rule
     * cannot express: the metrics also accept the metrics_token (a bearer token of no user), and the TOTP steps
     * are for a session that still owes its code (which every other route refuses).
     */
    private static final Map<String, Access> DECLARED_FOR_THE_HANDLER = Map.of(
            "GET /api/metrics", Access.PUBLIC,
            "POST /api/auth/verify", Access.PENDING_TOTP,
            "POST /api/auth/recovery", Access.PENDING_TOTP);

    /** Routes of a remote runner: declared public, they want X-Runner-Token, which no user has (401 for all). */
    private static final Set<String> RUNNER_TOKEN = Set.of("GET /api/internal/runners", "PUT /api/internal/runners",
            "DELETE /api/internal/runners");

    /** Routes about a user where only that user may act, administrators included (enrolling TOTP). */
    private static final Set<String> SELF_ONLY = Set.of("POST /api/users/{user_id}/2fas/totp");

    /**
     * Routes open to every signed-in user (or member) where the handler refuses everyone but an administrator for
     * the object the matrix uses (another user; task history; creating projects while
     * {@code non_admin_can_create_project} is off): Semaphore's rules, kept in its handlers as here.
     */
    private static final Set<String> ADMIN_ONLY_IN_HANDLER = Set.of(
            "PUT /api/users/{user_id}", "DELETE /api/users/{user_id}",
            "POST /api/users/{user_id}/password", "DELETE /api/users/{user_id}/2fas/totp/{totp_id}",
            "POST /api/projects", "POST /api/projects/restore",
            "DELETE /api/project/{project_id}/tasks/{task_id}");

    /** Semaphore's administrators-only routes outside projects: creating users, the task queue, runners, options, apps. */
    private static final Set<String> ADMIN_PREFIXES = Set.of("/api/tasks", "/api/runners", "/api/options", "/api/apps",
            "/api/notifications");
    private static final String P = "/api/project/{project_id}";

    private static final String NO_SUCH_OBJECT = "999999";
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    private final Map<Caller, ApiClient> callers = new EnumMap<>(Caller.class);
    private final Map<Caller, Integer> userIds = new EnumMap<>(Caller.class);
    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    private ApiClient setup;
    private Map<String, String> world;

    @Test
    void roleTable_isSemaphores() {
        assertThat(Role.OWNER.permissions()).isEqualTo(15);
        assertThat(Role.MANAGER.permissions()).isEqualTo(5);
        assertThat(Role.TASK_RUNNER.permissions()).isEqualTo(1);
        assertThat(Role.GUEST.permissions()).isEqualTo(0);
        for (Caller c : SEMAPHORE_MASK.keySet()) {
            Role role = Role.valueOf(c.name());
            for (Permission p : Permission.values()) {
                assertThat(role.can(p)).as("%s may %s", role, p).isEqualTo((SEMAPHORE_MASK.get(c) & p.bit()) != 0);
            }
        }
    }

    @Test
    void everyRoute_declaresTheAccessSemaphoreGivesIt() {
        List<Route> routes = server.routeTable().stream().filter(r -> r.path().startsWith("/api/")).toList();
        assertThat(routes).as("registered /api routes").hasSizeGreaterThan(50);
        List<String> wrong = new ArrayList<>();
        Set<String> publicRoutes = new TreeSet<>();
        for (Route r : routes) {
            String key = r.method() + " " + r.path();
            if (r.access() == null) {
                wrong.add(key + ": declares no access");
                continue;
            }
            Access a = r.access();
            if (a == Access.PUBLIC) {
                publicRoutes.add(key);
            }
            Access semaphore = DECLARED_FOR_THE_HANDLER.getOrDefault(key, semaphoreAccess(r));
            if (a != semaphore) {
                wrong.add(key + ": declares " + a + ", Semaphore's rule gives " + semaphore);
            }
        }
        assertThat(wrong).as("routes whose access differs from Semaphore's rule").isEmpty();
        Set<String> open = new TreeSet<>(PUBLIC);
        DECLARED_FOR_THE_HANDLER.forEach((k, a) -> {
            if (a == Access.PUBLIC) {
                open.add(k);
            }
        });
        routes.stream().filter(r -> r.path().startsWith("/api/auth/oidc/")).forEach(r -> open.add(r.method() + " " + r.path()));
        assertThat(publicRoutes).as("routes open without signing in").isEqualTo(open);
        assertThat(ADMIN_ONLY_IN_HANDLER).as("exceptions that name registered routes")
                .allSatisfy(k -> assertThat(routes).anyMatch(r -> k.equals(r.method() + " " + r.path())));
    }

    @Test
    void everyRoute_asEveryCaller_isAllowedOrRefusedAsSemaphore_andRefusalsChangeNothing() throws Exception {
        prepareCallers();
        List<Route> routes = server.routeTable().stream().filter(r -> r.path().startsWith("/api/")).toList();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> tally = new TreeMap<>();
        for (Route route : routes) {
            for (Caller caller : Caller.values()) {
                Expected want = expected(route, caller);
                String path = fill(route.path());
                String before = digest();
                Outcome got = call(route, path, caller);
                String after = digest();
                String what = caller + " " + route.method() + " " + route.path() + " -> " + got.status
                        + (got.error == null ? "" : " " + got.error);
                if (want.allowed) {
                    if (!got.allowed()) {
                        problems.add(what + " (expected: allowed)");
                    }
                    tally.merge("allowed " + got.status, 1, Integer::sum);
                    if (!before.equals(after)) {
                        world = newWorld(); // the call changed or deleted fixtures: later calls get fresh ones
                    }
                } else {
                    if (got.status != want.status || (want.status == 404 && !got.accessNotFound())) {
                        problems.add(what + " (expected: refused with " + want.status + ")");
                    }
                    if (!before.equals(after)) {
                        problems.add(what + ": refused, yet the database changed");
                        world = newWorld();
                    }
                    tally.merge("refused " + got.status, 1, Integer::sum);
                }
            }
        }
        System.out.println("RoleMatrixTest on " + db + ": " + routes.size() + " routes x " + Caller.values().length + " callers: " + tally);
        assertThat(problems).as("On %s, %d routes x %d callers (%s)", db, routes.size(), Caller.values().length, tally)
                .isEmpty();
        assertThat(tally.keySet()).as("both outcomes occur").anyMatch(k -> k.startsWith("allowed 2"))
                .contains("refused 401", "refused 403", "refused 404");
    }

    // ------------------------------------------------------------------------------------------ expectations

    record Expected(boolean allowed, int status) {
        static final Expected ALLOWED = new Expected(true, 0);

        static Expected refused(int status) {
            return new Expected(false, status);
        }
    }

    /**
     * What Semaphore requires for a route, independently of {@link Routes}: a few public routes; administrators for
     * creating users and the global queues; any member reads a project (GET), and a change in it needs the
     * permission of what it changes: the project itself {@code upd}, its team {@code users}, running and steering
     * tasks {@code run}, every other object (keys, repositories, inventories, variable groups, templates, views,
     * schedules, integrations, task history, the project's runners) {@code res}. Every other route needs a signed-in user.
     */
    static Access semaphoreAccess(Route r) {
        String method = r.method().equals("WS") ? "GET" : r.method();
        String path = r.path();
        if (PUBLIC.contains(method + " " + path) || path.startsWith("/api/auth/oidc/")) {
            return Access.PUBLIC;
        }
        if (path.startsWith(P)) {
            String rest = path.substring(P.length());
            if (rest.matches("/integrations(/\\{integration_id})?/aliases.*")) {
                return Access.MANAGE_RESOURCES; // reading an alias reveals a webhook URL: as every integration route in Semaphore
            }
            if (method.equals("GET") || rest.equals("/schedules/preview")) {
                return Access.MEMBER; // the preview only reads a cron expression
            }
            if (rest.isEmpty()) {
                return Access.UPDATE_PROJECT;
            }
            if (rest.equals("/me")) {
                return Access.MEMBER; // leaving
            }
            if (rest.startsWith("/users")) {
                return Access.MANAGE_USERS;
            }
            if (rest.equals("/tasks") || rest.matches("/tasks/\\{task_id}/(stop|confirm|reject)")
                    || rest.matches("(/templates/\\{template_id})?/tasks/stop_waiting")) {
                return Access.RUN_TASKS; // stopping waiting tasks at once is stopping tasks
            }
            if (rest.equals("/notifications/test")) {
                return Access.UPDATE_PROJECT; // the project's alert settings
            }
            return Access.MANAGE_RESOURCES;
        }
        if ((method + " " + path).equals("GET /api/apps")) {
            return Access.USER; // Semaphore's web client lists the apps on every template form
        }
        if ((method + " " + path).equals("POST /api/users") || path.equals("/api/metrics")
                || ADMIN_PREFIXES.stream().anyMatch(path::startsWith)) {
            return Access.ADMIN;
        }
        return Access.USER;
    }

    private static Expected expected(Route route, Caller c) {
        Access a = semaphoreAccess(route);
        String key = route.method().replace("WS", "GET") + " " + route.path();
        boolean member = SEMAPHORE_MASK.containsKey(c);
        if (RUNNER_TOKEN.contains(key)) {
            return Expected.refused(401);
        }
        if (a == Access.PUBLIC) {
            return Expected.ALLOWED;
        }
        if (c == Caller.ANONYMOUS) {
            return Expected.refused(401);
        }
        if (SELF_ONLY.contains(key)) {
            return Expected.refused(403);
        }
        if (c == Caller.ADMIN) {
            return Expected.ALLOWED;
        }
        if (a == Access.ADMIN) {
            return Expected.refused(403);
        }
        if (a.projectLevel() && !member) {
            return Expected.refused(404);
        }
        if (ADMIN_ONLY_IN_HANDLER.contains(key)) {
            return Expected.refused(403);
        }
        if (a == Access.USER || a == Access.MEMBER) {
            return Expected.ALLOWED;
        }
        return (SEMAPHORE_MASK.get(c) & SEMAPHORE_BIT.get(a)) != 0 ? Expected.ALLOWED : Expected.refused(403);
    }

    record Outcome(int status, String error) {
        /** Past the access check: not 401/403, not the "project not found" of a non-member, and no server error. */
        boolean allowed() {
            return status != 401 && status != 403 && !accessNotFound() && status < 500;
        }

        boolean accessNotFound() {
            return status == 404 && error != null && error.matches("Project \\d+ not found");
        }
    }

    // ------------------------------------------------------------------------------------------------ calls

    private Outcome call(Route route, String path, Caller caller) throws Exception {
        if (route.method().equals("WS")) {
            return socket(path, caller);
        }
        ApiClient c = callers.get(caller);
        boolean hasBody = route.method().equals("POST") || route.method().equals("PUT") || route.method().equals("PATCH");
        ApiClient.Response r = c.send(route.method(), path, hasBody ? Map.of() : null);
        String error = null;
        if (r.status() >= 400 && r.body() != null && r.body().startsWith("{")) {
            error = r.json().path("error").asText(null);
        }
        return new Outcome(r.status(), error);
    }

    /** The live socket: the upgrade is the call; refused upgrades answer with their status. */
    private Outcome socket(String path, Caller caller) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tokens.containsKey(caller)) {
            b.header("Authorization", "Bearer " + tokens.get(caller));
        }
        try {
            WebSocket ws = b.buildAsync(URI.create(server.baseUrl().replace("http", "ws") + path), new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
            ws.abort();
            return new Outcome(101, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return new Outcome(h.getResponse().statusCode(), null);
            }
            throw e;
        }
    }

    private String fill(String path) {
        Matcher m = PARAM.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // A parameter without a fixture (a route newer than this test) names an object that does not exist: the
            // access decision, made before the handler looks for it, is still checked; allowed callers get its 404.
            m.appendReplacement(out, world.getOrDefault(m.group(1), NO_SUCH_OBJECT));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    /** One user per caller kind, each calling with an API token (so sign-out and CSRF rules do not get in the way). */
    private void prepareCallers() {
        setup = server.admin();
        for (Caller c : Caller.values()) {
            if (c == Caller.ANONYMOUS) {
                callers.put(c, server.anonymous());
                continue;
            }
            TestServer.NewUser u = server.newUser(c == Caller.ADMIN);
            String token = u.client().post("/api/user/tokens", null).json().get("id").asText();
            userIds.put(c, u.id());
            tokens.put(c, token);
            callers.put(c, server.anonymous().withBearer(token));
        }
        // The other project: its owner is a member of a project, just not of the one under test.
        int other = createProject(setup, "Other project");
        setup.post("/api/project/" + other + "/users", Map.of("user_id", userIds.get(Caller.OTHER_PROJECT), "role", "owner"));
        world = newWorld();
    }

    /**
     * A project with a member of each role and one object of each kind (inserted as rows: fixtures, not the API
     * under test), plus a spare user who is a guest in it: the objects the path parameters name.
     */
    private Map<String, String> newWorld() {
        int project = createProject(setup, "Matrix");
        for (Caller c : SEMAPHORE_MASK.keySet()) {
            ApiClient.Response r = setup.post("/api/project/" + project + "/users",
                    Map.of("user_id", userIds.get(c), "role", c.name().toLowerCase(Locale.ROOT)));
            assertThat(r.status()).as(r.body()).isEqualTo(204);
        }
        int spare = server.newUser(false).id();
        setup.post("/api/project/" + project + "/users", Map.of("user_id", spare, "role", "guest"));
        Map<String, String> ids = new TreeMap<>();
        server.services().db().run(h -> {
            Instant now = Instant.now();
            int key = insert(h, "INSERT INTO access_key (name, type, project_id, owner) VALUES ('k', 'none', :p, '')", project, now);
            int repo = insert(h, "INSERT INTO project__repository (project_id, name, git_url, git_branch, ssh_key_id)"
                    + " VALUES (:p, 'r', '/tmp/matrix.git', 'main', " + key + ")", project, now);
            int inventory = insert(h, "INSERT INTO project__inventory (project_id, name, type, inventory, ssh_key_id)"
                    + " VALUES (:p, 'i', 'static', 'localhost', " + key + ")", project, now);
            int environment = insert(h, "INSERT INTO project__environment (project_id, name, json, env)"
                    + " VALUES (:p, 'e', '{}', '{}')", project, now);
            // identifiers in double quotes work on all three (MySQL sessions run with ANSI_QUOTES)
            int view = insert(h, "INSERT INTO project__view (project_id, title, \"position\") VALUES (:p, 'v', 0)", project, now);
            int template = insert(h, "INSERT INTO project__template (project_id, name, app, playbook, repository_id,"
                    + " inventory_id, environment_id) VALUES (:p, 't', 'bash', 'run.sh', " + repo + ", " + inventory
                    + ", " + environment + ")", project, now);
            int task = insert(h, "INSERT INTO task (template_id, project_id, status, created) VALUES (" + template
                    + ", :p, 'success', :now)", project, now);
            ids.put("key_id", String.valueOf(key));
            ids.put("repository_id", String.valueOf(repo));
            ids.put("inventory_id", String.valueOf(inventory));
            ids.put("environment_id", String.valueOf(environment));
            ids.put("view_id", String.valueOf(view));
            ids.put("template_id", String.valueOf(template));
            ids.put("task_id", String.valueOf(task));
            // a runner of the project (its token column holds a hash; any unique text does here)
            int runner = h.createUpdate("INSERT INTO runner (project_id, token, name) VALUES (:p, :token, 'r')")
                    .bind("p", project).bind("token", "matrix-runner-" + project)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            ids.put("runner_id", String.valueOf(runner));
        });
        ids.put("project_id", String.valueOf(project));
        ids.put("user_id", String.valueOf(spare));
        ids.put("token_id", "no-such-token");
        ids.put("session_id", NO_SUCH_OBJECT);
        return ids;
    }

    private static int insert(Handle h, String sql, int project, Instant now) {
        var update = h.createUpdate(sql).bind("p", project);
        if (sql.contains(":now")) {
            update.bind("now", now);
        }
        return update.executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
    }

    // ------------------------------------------------------------------------------------------------ snapshot

    /**
     * A digest of every row of every table: equal digests before and after a call mean it changed nothing. Of
     * sessions only id and ended flag count (a request may record a session's last use); the migration history is
     * left out.
     */
    private String digest() throws Exception {
        return server.services().db().read(h -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (String table : tables(h)) {
                    String columns = table.equals("session") ? "id, expired" : "*";
                    String quoted = "\"" + table + "\"";
                    sha.update(table.getBytes(StandardCharsets.UTF_8));
                    try (var st = h.getConnection().createStatement();
                         ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + quoted)) {
                        List<String> rows = new ArrayList<>();
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int i = 1; i <= n; i++) {
                                row.append(rs.getString(i)).append('\u0001');
                            }
                            rows.add(row.toString());
                        }
                        rows.sort(null); // row order is not part of the state
                        rows.forEach(r -> sha.update(r.getBytes(StandardCharsets.UTF_8)));
                    }
                }
                return HexFormat.of().formatHex(sha.digest());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<String> tables(Handle h) throws Exception {
        DatabaseMetaData meta = h.getConnection().getMetaData();
        List<String> names = new ArrayList<>();
        String catalog = h.getConnection().getCatalog();
        String schema = meta.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? "public" : null;
        try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.toLowerCase(Locale.ROOT).startsWith("flyway") && !name.startsWith("sqlite_")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        assertThat(names).as("tables seen").contains("project", "user", "task", "access_key");
        return names;
    }
}
