package io.semaphore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.semaphore.apps.AppRequest;
import io.semaphore.apps.AppService;
import io.semaphore.errors.ValidationException;

/** {@code /api/apps}: the list for every signed-in user, one app and its changes for administrators. */
final class AppHandlers {
    private final AppService apps;

    AppHandlers(AppService apps) {
        this.apps = apps;
    }

    void list(Context ctx) {
        ctx.json(apps.list());
    }

    void get(Context ctx) {
        ctx.json(apps.get(ctx.pathParam("app_id")));
    }

    void update(Context ctx) {
        apps.update(ctx.pathParam("app_id"), Bodies.read(ctx, AppRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        apps.reset(ctx.pathParam("app_id"));
        ctx.status(204);
    }

    void setActive(Context ctx) {
        JsonNode body = Bodies.read(ctx, JsonNode.class);
        JsonNode active = body == null ? null : body.get("active");
        if (active == null || !active.isBoolean()) {
            throw new ValidationException("Field 'active' is required: true or false");
        }
        apps.setActive(ctx.pathParam("app_id"), active.asBoolean());
        ctx.status(204);
    }
}
