package io.semaphore.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import io.semaphore.view.View;
import io.semaphore.view.ViewRequest;
import io.semaphore.view.ViewService;
import java.util.Map;

/** {@code /api/project/{project_id}/views}. */
record ViewHandlers(ViewService views) {
    void list(Context ctx) {
        ctx.json(views.list(Params.projectId(ctx)));
    }

    void get(Context ctx) {
        ctx.json(views.get(Params.projectId(ctx), Params.id(ctx, "view_id")));
    }

    void create(Context ctx) {
        View v = views.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, ViewRequest.class));
        ctx.status(201).json(v);
    }

    void update(Context ctx) {
        views.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "view_id"), Bodies.read(ctx, ViewRequest.class));
        ctx.status(204);
    }

    void positions(Context ctx) {
        Map<String, Integer> positions = Bodies.read(ctx, new TypeReference<Map<String, Integer>>() {});
        views.setPositions(Params.user(ctx).id(), Params.projectId(ctx), positions);
        ctx.status(204);
    }

    void delete(Context ctx) {
        views.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "view_id"));
        ctx.status(204);
    }
}
