package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.backup.BackupFormat;
import io.semaphore.backup.BackupService;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.project.ProjectService;

/** {@code GET /api/project/{project_id}/backup} and {@code POST /api/projects/restore}. */
record BackupHandlers(BackupService backups, ProjectService projects) {
    void backup(Context ctx) {
        ctx.json(backups.backup(Params.projectId(ctx)));
    }

    void restore(Context ctx) {
        if (!projects.canCreate(Params.user(ctx))) {
            throw new ForbiddenException("Only administrators can create projects on this server"
                    + " (non_admin_can_create_project is off)");
        }
        ctx.json(backups.restore(Params.user(ctx), Bodies.read(ctx, BackupFormat.class)));
    }
}
