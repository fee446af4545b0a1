package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.environment.EnvironmentRequest;
import io.semaphore.environment.EnvironmentService;

/** {@code /api/project/{project_id}/environment}: variable groups. Secrets are listed by name, never by value. */
final class EnvironmentHandlers {
    private final EnvironmentService environments;

    EnvironmentHandlers(EnvironmentService environments) {
        this.environments = environments;
    }

    void list(Context ctx) {
        ctx.json(environments.list(Params.projectId(ctx), ctx.queryParam("order")));
    }

    void get(Context ctx) {
        ctx.json(environments.get(Params.projectId(ctx), Params.id(ctx, "environment_id")));
    }

    void refs(Context ctx) {
        ctx.json(environments.refs(Params.projectId(ctx), Params.id(ctx, "environment_id")));
    }

    /** 204 as in Semaphore v2.10. */
    void create(Context ctx) {
        environments.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, EnvironmentRequest.class));
        ctx.status(204);
    }

    void update(Context ctx) {
        environments.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "environment_id"),
                Bodies.read(ctx, EnvironmentRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        environments.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "environment_id"));
        ctx.status(204);
    }
}
