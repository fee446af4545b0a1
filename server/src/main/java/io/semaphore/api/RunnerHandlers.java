package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.errors.Fields;
import io.semaphore.errors.ValidationException;
import io.semaphore.runner.Runner;
import io.semaphore.runner.RunnerRequest;
import io.semaphore.runner.RunnerService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The runners people manage, as Semaphore's: {@code /api/runners} (global runners, administrators) and
 * {@code /api/project/{project_id}/runners} (a project's own). A runner is answered with Semaphore's fields plus
 * ours ({@code online}: heard from in the last 30 seconds; {@code running_tasks}); never with its token, which only
 * the create answer carries, once.
 */
final class RunnerHandlers {
    private final RunnerService runners;

    RunnerHandlers(RunnerService runners) {
        this.runners = runners;
    }

    /** A runner as the API answers it. */
    record RunnerView(int id, Integer projectId, String name, String webhook, int maxParallelTasks, boolean active,
                      String tag, Instant touched, boolean online, int runningTasks) {}

    /** The create answer: the runner and its token, the only time the token is shown. */
    record NewRunnerView(int id, Integer projectId, String name, String webhook, int maxParallelTasks, boolean active,
                         String tag, Instant touched, boolean online, int runningTasks, String token) {}

    /** Body of {@code POST .../runners/{runner_id}/active}. */
    record ActiveBody(Boolean active) {}

    // ---------------------------------------------------------------------------------------- global runners

    void listGlobal(Context ctx) {
        ctx.json(views(runners.list(null), false));
    }

    void createGlobal(Context ctx) {
        create(ctx, null);
    }

    void getGlobal(Context ctx) {
        ctx.json(view(runners.get(null, runnerId(ctx)), false));
    }

    void updateGlobal(Context ctx) {
        update(ctx, null);
    }

    void setActiveGlobal(Context ctx) {
        setActive(ctx, null);
    }

    void deleteGlobal(Context ctx) {
        runners.delete(null, runnerId(ctx));
        ctx.status(204);
    }

    // --------------------------------------------------------------------------------------- project runners

    /**
     * The project's own runners, then the global ones (read-only here, {@code project_id} null, without their
     * webhook, which only administrators see): every runner that may take the project's tasks.
     */
    void listOfProject(Context ctx) {
        int projectId = Params.projectId(ctx);
        List<RunnerView> all = new ArrayList<>(views(runners.list(projectId), false));
        all.addAll(views(runners.list(null), true));
        ctx.json(all);
    }

    void createInProject(Context ctx) {
        create(ctx, Params.projectId(ctx));
    }

    void getOfProject(Context ctx) {
        ctx.json(view(runners.get(Params.projectId(ctx), runnerId(ctx)), false));
    }

    void updateInProject(Context ctx) {
        update(ctx, Params.projectId(ctx));
    }

    void setActiveInProject(Context ctx) {
        setActive(ctx, Params.projectId(ctx));
    }

    void deleteOfProject(Context ctx) {
        runners.delete(Params.projectId(ctx), runnerId(ctx));
        ctx.status(204);
    }

    // ----------------------------------------------------------------------------------------------- shared

    private void create(Context ctx, Integer projectId) {
        RunnerRequest req = Bodies.read(ctx, RunnerRequest.class);
        checkProject(projectId, req);
        RunnerService.Created c = runners.create(projectId, req);
        RunnerView v = view(c.runner(), false);
        ctx.status(201).json(new NewRunnerView(v.id(), v.projectId(), v.name(), v.webhook(), v.maxParallelTasks(),
                v.active(), v.tag(), v.touched(), v.online(), v.runningTasks(), c.token()));
    }

    private void update(Context ctx, Integer projectId) {
        RunnerRequest req = Bodies.read(ctx, RunnerRequest.class);
        checkProject(projectId, req);
        runners.update(projectId, runnerId(ctx), req);
        ctx.status(204);
    }

    private void setActive(Context ctx, Integer projectId) {
        ActiveBody body = Bodies.read(ctx, ActiveBody.class);
        if (body.active() == null) {
            throw new ValidationException("Field 'active' is required: true to enable the runner, false to disable it");
        }
        runners.setActive(projectId, runnerId(ctx), body.active());
        ctx.status(204);
    }

    /** A body's {@code project_id}, when sent, must be the URL's project (none for a global runner). */
    private static void checkProject(Integer projectId, RunnerRequest req) {
        if (projectId == null) {
            if (req.projectId() != null && req.projectId() != 0) {
                throw new ValidationException("Field 'project_id' is " + req.projectId() + "; a global runner has no"
                        + " project: leave it out, or create the runner under /api/project/" + req.projectId()
                        + "/runners");
            }
            return;
        }
        Fields.sameProject(projectId, req.projectId());
    }

    private static int runnerId(Context ctx) {
        return Params.id(ctx, "runner_id");
    }

    private List<RunnerView> views(List<Runner> list, boolean withoutWebhook) {
        return list.stream().map(r -> view(r, withoutWebhook)).toList();
    }

    private RunnerView view(Runner r, boolean withoutWebhook) {
        return new RunnerView(r.id(), r.projectId(), r.name(), withoutWebhook ? "" : r.webhook(), r.maxParallelTasks(),
                r.active(), r.tag(), r.touched(), runners.online(r), runners.activeTasks(r.id()));
    }
}
