package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.integration.IntegrationExtractValue;
import io.semaphore.integration.IntegrationMatcher;
import io.semaphore.integration.IntegrationRequest;
import io.semaphore.integration.IntegrationService;
import io.semaphore.integration.WebhookReceiver;

/** {@code /api/project/{project_id}/integrations…} and the public {@code POST /api/integrations/{integration_alias}}. */
final class IntegrationHandlers {
    private final IntegrationService integrations;
    private final WebhookReceiver receiver;
    /** Matchers: a create answers 200, as Semaphore's description says. */
    final IntegrationPartHandlers<IntegrationMatcher> matchers;
    final IntegrationPartHandlers<IntegrationExtractValue> values;

    IntegrationHandlers(IntegrationService integrations, WebhookReceiver receiver) {
        this.integrations = integrations;
        this.receiver = receiver;
        this.matchers = new IntegrationPartHandlers<>(integrations.matchers(), IntegrationMatcher.class, "matcher_id", 200);
        this.values = new IntegrationPartHandlers<>(integrations.values(), IntegrationExtractValue.class,
                "extractvalue_id", 201);
    }

    void list(Context ctx) {
        ctx.json(integrations.list(Params.projectId(ctx)));
    }

    void get(Context ctx) {
        ctx.json(integrations.get(Params.projectId(ctx), integrationId(ctx)));
    }

    void create(Context ctx) {
        ctx.status(201).json(integrations.create(Params.user(ctx).id(), Params.projectId(ctx),
                Bodies.read(ctx, IntegrationRequest.class)));
    }

    void update(Context ctx) {
        integrations.update(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx),
                Bodies.read(ctx, IntegrationRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        integrations.delete(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx));
        ctx.status(204);
    }

    void refs(Context ctx) {
        ctx.json(integrations.refs(Params.projectId(ctx), integrationId(ctx)));
    }

    void matcherRefs(Context ctx) {
        ctx.json(integrations.matcherRefs(Params.projectId(ctx), integrationId(ctx), Params.id(ctx, "matcher_id")));
    }

    void valueRefs(Context ctx) {
        ctx.json(integrations.valueRefs(Params.projectId(ctx), integrationId(ctx), Params.id(ctx, "extractvalue_id")));
    }

    void projectAliases(Context ctx) {
        ctx.json(integrations.aliases(Params.projectId(ctx), null));
    }

    void aliases(Context ctx) {
        ctx.json(integrations.aliases(Params.projectId(ctx), integrationId(ctx)));
    }

    /** 200 with the new alias, as Semaphore answers. */
    void createProjectAlias(Context ctx) {
        ctx.json(integrations.createAlias(Params.user(ctx).id(), Params.projectId(ctx), null));
    }

    void createAlias(Context ctx) {
        ctx.json(integrations.createAlias(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx)));
    }

    void deleteProjectAlias(Context ctx) {
        integrations.deleteAlias(Params.user(ctx).id(), Params.projectId(ctx), null, Params.id(ctx, "alias_id"));
        ctx.status(204);
    }

    void deleteAlias(Context ctx) {
        integrations.deleteAlias(Params.user(ctx).id(), Params.projectId(ctx), integrationId(ctx), Params.id(ctx, "alias_id"));
        ctx.status(204);
    }

    /**
     * A webhook delivery. Always 204, whatever happened: a sender cannot learn whether the alias exists, the
     * signature was wrong or nothing matched (the project's events say which).
     */
    void receive(Context ctx) {
        receiver.receive(ctx.pathParam("integration_alias"), new WebhookReceiver.Delivery(ctx::header, ctx.bodyAsBytes()));
        ctx.status(204);
    }

    private static int integrationId(Context ctx) {
        return IntegrationPartHandlers.integrationId(ctx);
    }
}
