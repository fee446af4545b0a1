package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.key.KeyRequest;
import io.semaphore.key.KeyService;

/** {@code /api/project/{project_id}/keys}: the Key Store. Responses never carry secrets. */
final class KeyHandlers {
    private final KeyService keys;

    KeyHandlers(KeyService keys) {
        this.keys = keys;
    }

    void list(Context ctx) {
        ctx.json(keys.list(Params.projectId(ctx), ctx.queryParam("sort"), ctx.queryParam("order")));
    }

    void get(Context ctx) {
        ctx.json(keys.get(Params.projectId(ctx), Params.id(ctx, "key_id")));
    }

    void refs(Context ctx) {
        ctx.json(keys.refs(Params.projectId(ctx), Params.id(ctx, "key_id")));
    }

    /** 204 as in Semaphore v2.10. */
    void create(Context ctx) {
        keys.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, KeyRequest.class));
        ctx.status(204);
    }

    void update(Context ctx) {
        keys.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "key_id"), Bodies.read(ctx, KeyRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        keys.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "key_id"));
        ctx.status(204);
    }
}
