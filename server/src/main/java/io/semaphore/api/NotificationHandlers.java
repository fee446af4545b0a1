package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.notification.NotificationService;
import io.semaphore.task.state.Task;
import io.semaphore.task.TaskService;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/project/{project_id}/notifications/test} (ours): the project settings' "send a test";
 * {@code GET /api/notifications} (ours, administrators): which channels the configuration turns on.
 */
record NotificationHandlers(NotificationService notifications, TaskService tasks) {
    /** 200 with one result per enabled notifier (an empty list when the configuration enables none). */
    void test(Context ctx) {
        int projectId = Params.projectId(ctx);
        List<Task> newest = tasks.list(projectId, null, 1);
        ctx.json(Map.of("results", notifications.sendTest(Params.user(ctx).id(), projectId,
                newest.isEmpty() ? null : newest.get(0))));
    }

    /** 200 with every channel and whether it is on, no address or token. */
    void channels(Context ctx) {
        ctx.json(notifications.channels());
    }
}
