package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.runner.Runner;
import io.semaphore.runner.RunnerDispatch;
import io.semaphore.runner.RunnerProtocol;
import io.semaphore.runner.RunnerService;

/**
 * Semaphore's runner protocol, {@code /api/internal/runners}: register with the registration token, then poll,
 * report progress and unregister with the header {@code X-Runner-Token} (checked on every request: a disabled or
 * deleted runner is refused at once, 403 / 401).
 */
final class RunnerProtocolHandlers {
    static final String TOKEN_HEADER = "X-Runner-Token";

    private final RunnerService runners;
    private final RunnerDispatch dispatch;

    RunnerProtocolHandlers(RunnerService runners, RunnerDispatch dispatch) {
        this.runners = runners;
        this.dispatch = dispatch;
    }

    void register(Context ctx) {
        RunnerProtocol.Registration r = Bodies.read(ctx, RunnerProtocol.Registration.class);
        RunnerService.Created c = runners.register(r.registrationToken(), r.webhook(), r.maxParallelTasks(), r.name(),
                r.tag());
        ctx.json(new RunnerProtocol.Registered(c.token()));
    }

    void poll(Context ctx) {
        ctx.json(dispatch.poll(runner(ctx)));
    }

    void progress(Context ctx) {
        Runner r = runner(ctx);
        dispatch.progress(r, Bodies.read(ctx, RunnerProtocol.Progress.class));
        ctx.status(204);
    }

    void unregister(Context ctx) {
        runners.unregister(runner(ctx));
        ctx.status(204);
    }

    private Runner runner(Context ctx) {
        return runners.authenticate(ctx.header(TOKEN_HEADER));
    }
}
