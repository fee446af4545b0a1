package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.errors.ValidationException;
import io.semaphore.schedule.Schedule;
import io.semaphore.schedule.ScheduleRequest;
import io.semaphore.schedule.ScheduleService;

/** {@code /api/project/{project_id}/schedules} and a template's schedules, as Semaphore's. */
record ScheduleHandlers(ScheduleService schedules) {
    /** Body of {@code validate} and {@code preview}. */
    record CronBody(String cronFormat) {}

    /** Body of {@code PUT /schedules/{id}/active}. */
    record ActiveBody(Boolean active) {}

    void list(Context ctx) {
        ctx.json(schedules.list(Params.projectId(ctx)));
    }

    void ofTemplate(Context ctx) {
        ctx.json(schedules.listOfTemplate(Params.projectId(ctx), Params.id(ctx, "template_id")));
    }

    void get(Context ctx) {
        ctx.json(schedules.get(Params.projectId(ctx), Params.id(ctx, "schedule_id")));
    }

    void create(Context ctx) {
        Schedule s = schedules.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, ScheduleRequest.class));
        ctx.status(201).json(s);
    }

    void update(Context ctx) {
        schedules.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "schedule_id"),
                Bodies.read(ctx, ScheduleRequest.class));
        ctx.status(204);
    }

    void setActive(Context ctx) {
        ActiveBody body = Bodies.read(ctx, ActiveBody.class);
        if (body.active() == null) {
            throw new ValidationException("Field 'active' is required: true or false");
        }
        schedules.setActive(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "schedule_id"), body.active());
        ctx.status(204);
    }

    void delete(Context ctx) {
        schedules.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "schedule_id"));
        ctx.status(204);
    }

    /** Semaphore answers 200 without a body when the expression is valid, 400 saying why when it is not. */
    void validate(Context ctx) {
        schedules.validate(Bodies.read(ctx, CronBody.class).cronFormat());
        ctx.status(200);
    }

    /** Ours: the expression in words and its next five due times in the configured zone (the UI's preview). */
    void preview(Context ctx) {
        ctx.json(schedules.preview(Bodies.read(ctx, CronBody.class).cronFormat(), 5));
    }
}
