package io.semaphore.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every route of the server as it is registered with Javalin: method, path and the {@link Access} it requires
 * (null for pages outside {@code /api} that need none). {@link Routes} registers through it only, so the list is
 * complete by construction: the contract test compares it with the OpenAPI description, and a role matrix can
 * walk it.
 */
public final class RouteTable {
    /** One route; {@code method} is GET, POST, PUT, DELETE, or WS for the live socket's upgrade. */
    public record Route(String method, String path, Access access) {}

    private final RoutesConfig javalin;
    private final List<Route> routes = new ArrayList<>();

    RouteTable(RoutesConfig javalin) {
        this.javalin = javalin;
    }

    void get(String path, Handler handler, Access access) {
        javalin.get(path, handler, access);
        routes.add(new Route("GET", path, access));
    }

    /** A page outside the API (no access rule: the access filter covers {@code /api/*} only). */
    void page(String path, Handler handler) {
        javalin.get(path, handler);
        routes.add(new Route("GET", path, null));
    }

    void post(String path, Handler handler, Access access) {
        javalin.post(path, handler, access);
        routes.add(new Route("POST", path, access));
    }

    void put(String path, Handler handler, Access access) {
        javalin.put(path, handler, access);
        routes.add(new Route("PUT", path, access));
    }

    void delete(String path, Handler handler, Access access) {
        javalin.delete(path, handler, access);
        routes.add(new Route("DELETE", path, access));
    }

    void ws(String path, Consumer<WsConfig> socket, Access access) {
        javalin.ws(path, socket, access);
        routes.add(new Route("WS", path, access));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
