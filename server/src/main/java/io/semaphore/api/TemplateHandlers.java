package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateRequest;
import io.semaphore.template.TemplateService;

/** {@code /api/project/{project_id}/templates} and {@code /views/{view_id}/templates}. */
final class TemplateHandlers {
    private final TemplateService templates;
    private final io.semaphore.project.References references;

    TemplateHandlers(TemplateService templates, io.semaphore.project.References references) {
        this.templates = templates;
        this.references = references;
    }

    void list(Context ctx) {
        ctx.json(templates.list(Params.projectId(ctx), ctx.queryParam("sort"), ctx.queryParam("order")));
    }

    void listInView(Context ctx) {
        ctx.json(templates.listInView(Params.projectId(ctx), Params.id(ctx, "view_id")));
    }

    void get(Context ctx) {
        ctx.json(templates.get(Params.projectId(ctx), Params.id(ctx, "template_id")));
    }

    void refs(Context ctx) {
        int projectId = Params.projectId(ctx);
        int id = Params.id(ctx, "template_id");
        templates.get(projectId, id);
        ctx.json(references.ofTemplate(projectId, id));
    }

    void create(Context ctx) {
        Template t = templates.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, TemplateRequest.class));
        ctx.status(201).json(t);
    }

    void update(Context ctx) {
        templates.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "template_id"),
                Bodies.read(ctx, TemplateRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        templates.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "template_id"));
        ctx.status(204);
    }
}
