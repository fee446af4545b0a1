package io.semaphore.api;

import io.semaphore.json.Json;
import io.javalin.http.Context;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateRequest;
import io.semaphore.template.TemplateService;

/** {@code /api/project/{project_id}/templates} and {@code /views/{view_id}/templates}. */
record TemplateHandlers(TemplateService templates, io.semaphore.project.References references, io.semaphore.task.TaskService tasks) {
    void list(Context ctx) {
        int projectId = Params.projectId(ctx);
        ctx.json(withLastTask(projectId, templates.list(projectId, ctx.queryParam("sort"), ctx.queryParam("order"))));
    }

    void listInView(Context ctx) {
        int projectId = Params.projectId(ctx);
        ctx.json(withLastTask(projectId, templates.listInView(projectId, Params.id(ctx, "view_id"))));
    }

    void get(Context ctx) {
        int projectId = Params.projectId(ctx);
        ctx.json(withLastTask(projectId, java.util.List.of(templates.get(projectId, Params.id(ctx, "template_id")))).getFirst());
    }

    /** Semaphore's templates carry their newest task as {@code last_task} (null when never run). */
    private java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> withLastTask(int projectId, java.util.List<Template> list) {
        java.util.Map<Integer, io.semaphore.task.state.Task> last = tasks.lastPerTemplate(projectId);
        return list.stream().map(t -> {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.MAPPER.valueToTree(t);
            n.set("last_task", Json.MAPPER.valueToTree(last.get(t.id())));
            return n;
        }).toList();
    }

    void refs(Context ctx) {
        int projectId = Params.projectId(ctx);
        int id = Params.id(ctx, "template_id");
        templates.get(projectId, id);
        ctx.json(references.ofTemplate(projectId, id));
    }

    /** Answers the template as every other template route does, {@code last_task} (null) included. */
    void create(Context ctx) {
        int projectId = Params.projectId(ctx);
        Template t = templates.create(Params.user(ctx).id(), projectId, Bodies.read(ctx, TemplateRequest.class));
        ctx.status(201).json(withLastTask(projectId, java.util.List.of(t)).getFirst());
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
