package io.semaphore.api;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The {@code /api} routes as the running server registered them (method, path, the {@link Access} declared in
 * {@link Routes}), read back from Javalin's router rather than from a list kept by hand: what tests that must reach
 * every route enumerate.
 */
public final class RegisteredRoutes {
    private RegisteredRoutes() {}

    /** One route; {@code access} is the name of its {@link Access}, or null if it declares none. */
    public record Route(String method, String path, String access) {}

    public static List<Route> of(Javalin app) {
        List<Route> routes = new ArrayList<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            Endpoint e = parsed.endpoint;
            if (!e.method.isHttpMethod() || !e.path.startsWith("/api/") || e.method == HandlerType.HEAD) {
                continue;
            }
            Roles roles = e.metadata(Roles.class);
            routes.add(new Route(e.method.name(), e.path, access(roles == null ? Set.of() : roles.getRoles())));
        }
        for (var ws : app.unsafe.internalRouter.allWsHandlers()) {
            if (ws.getPath().startsWith("/api/") && ws.getType().name().equals("WEBSOCKET")) {
                routes.add(new Route("WS", ws.getPath(), access(ws.getRoles())));
            }
        }
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return List.copyOf(routes);
    }

    private static String access(Set<RouteRole> roles) {
        return roles.stream().filter(Access.class::isInstance).map(r -> ((Access) r).name()).findFirst().orElse(null);
    }
}
