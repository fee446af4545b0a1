package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.task.TaskService;
import io.semaphore.template.TemplateService;
import java.util.Map;

/** Ours: {@code POST .../tasks/stop_waiting} of a project or a template stops all their waiting tasks at once. */
record QueueHandlers(TaskService tasks, TemplateService templates) {
    void stopWaitingOfProject(Context ctx) {
        int n = tasks.stopWaiting(Params.user(ctx), Params.projectId(ctx), null);
        ctx.json(Map.of("stopped", n));
    }

    void stopWaitingOfTemplate(Context ctx) {
        int projectId = Params.projectId(ctx);
        int templateId = templates.get(projectId, Params.id(ctx, "template_id")).id(); // 404 for another project's
        ctx.json(Map.of("stopped", tasks.stopWaiting(Params.user(ctx), projectId, templateId)));
    }
}
