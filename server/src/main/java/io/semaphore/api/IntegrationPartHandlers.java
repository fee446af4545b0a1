package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.integration.IntegrationPart;
import io.semaphore.integration.IntegrationParts;

/**
 * {@code /api/project/{project_id}/integrations/{integration_id}/matchers…} or {@code …/values…}: the same five
 * routes for either kind; only the body type, the id's path parameter and the status of a create differ.
 */
final class IntegrationPartHandlers<T extends IntegrationPart> {
    private final IntegrationParts<T> parts;
    private final Class<T> body;
    private final String idParam;
    private final int createdStatus;

    /** {@code createdStatus}: what Semaphore answers a create with (200 for a matcher, 201 for a value). */
    IntegrationPartHandlers(IntegrationParts<T> parts, Class<T> body, String idParam, int createdStatus) {
        this.parts = parts;
        this.body = body;
        this.idParam = idParam;
        this.createdStatus = createdStatus;
    }

    void list(Context ctx) {
        ctx.json(parts.list(Params.projectId(ctx), integrationId(ctx)));
    }

    void get(Context ctx) {
        ctx.json(parts.get(Params.projectId(ctx), integrationId(ctx), Params.id(ctx, idParam)));
    }

    void create(Context ctx) {
        ctx.status(createdStatus).json(parts.create(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx),
                Bodies.read(ctx, body)));
    }

    void update(Context ctx) {
        parts.update(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx), Params.id(ctx, idParam),
                Bodies.read(ctx, body));
        ctx.status(204);
    }

    void delete(Context ctx) {
        parts.delete(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx), Params.id(ctx, idParam));
        ctx.status(204);
    }

    static int integrationId(Context ctx) {
        return Params.id(ctx, "integration_id");
    }
}
