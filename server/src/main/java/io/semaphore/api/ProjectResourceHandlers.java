package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.project.ProjectResources;

/**
 * {@code /api/project/{project_id}/<area>} for every project resource area of the same shape (keys, repositories,
 * inventories, variable groups): thin, the area's service holds its rules. Answers as Semaphore v2.10: a create is
 * 204 without a body, or 201 with the new object where Semaphore answers so (inventories); update and delete 204.
 */
final class ProjectResourceHandlers<T, R> {
    private final ProjectResources<T, R> area;
    private final String idParam;
    private final Class<R> body;
    private final boolean createAnswersObject;

    /**
     * @param idParam             the path parameter of one object, e.g. {@code key_id}
     * @param createAnswersObject 201 with the object (else 204 without a body)
     */
    ProjectResourceHandlers(ProjectResources<T, R> area, String idParam, Class<R> body, boolean createAnswersObject) {
        this.area = area;
        this.idParam = idParam;
        this.body = body;
        this.createAnswersObject = createAnswersObject;
    }

    void list(Context ctx) {
        ctx.json(area.list(Params.projectId(ctx), ctx.queryParam("sort"), ctx.queryParam("order")));
    }

    void get(Context ctx) {
        ctx.json(area.get(Params.projectId(ctx), Params.id(ctx, idParam)));
    }

    void refs(Context ctx) {
        ctx.json(area.refs(Params.projectId(ctx), Params.id(ctx, idParam)));
    }

    void create(Context ctx) {
        T created = area.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, body));
        if (createAnswersObject) {
            ctx.status(201).json(created);
        } else {
            ctx.status(204);
        }
    }

    void update(Context ctx) {
        area.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, idParam), Bodies.read(ctx, body));
        ctx.status(204);
    }

    void delete(Context ctx) {
        area.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, idParam));
        ctx.status(204);
    }
}
