package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.repository.RepositoryRequest;
import io.semaphore.repository.RepositoryService;

/** {@code /api/project/{project_id}/repositories}. */
final class RepositoryHandlers {
    private final RepositoryService repositories;

    RepositoryHandlers(RepositoryService repositories) {
        this.repositories = repositories;
    }

    void list(Context ctx) {
        ctx.json(repositories.list(Params.projectId(ctx), ctx.queryParam("sort"), ctx.queryParam("order")));
    }

    void get(Context ctx) {
        ctx.json(repositories.get(Params.projectId(ctx), Params.id(ctx, "repository_id")));
    }

    void refs(Context ctx) {
        ctx.json(repositories.refs(Params.projectId(ctx), Params.id(ctx, "repository_id")));
    }

    /** 204 without a body, as Semaphore v2.10 answers. */
    void create(Context ctx) {
        repositories.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, RepositoryRequest.class));
        ctx.status(204);
    }

    void update(Context ctx) {
        repositories.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "repository_id"),
                Bodies.read(ctx, RepositoryRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        repositories.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "repository_id"));
        ctx.status(204);
    }
}
