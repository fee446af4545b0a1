package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.project.Project;
import io.semaphore.project.ProjectRequest;
import io.semaphore.project.ProjectService;
import io.semaphore.project.Role;
import io.semaphore.user.User;

/** {@code /api/projects}, {@code /api/project/{project_id}} and its team ({@code /users}, {@code /role}, {@code /me}). */
record ProjectHandlers(ProjectService projects) {
    record RoleView(String role, int permissions) {}

    record MemberRequest(Integer userId, Role role) {}

    record RoleRequest(Role role) {}

    void list(Context ctx) {
        ctx.json(projects.list(Params.user(ctx)));
    }

    void create(Context ctx) {
        Project p = projects.create(Params.user(ctx), Bodies.read(ctx, ProjectRequest.class));
        ctx.status(201).json(p);
    }

    void get(Context ctx) {
        ctx.json(projects.get(Params.projectId(ctx)));
    }

    void update(Context ctx) {
        projects.update(Params.user(ctx), Params.projectId(ctx), Bodies.read(ctx, ProjectRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        projects.delete(Params.user(ctx), Params.projectId(ctx));
        ctx.status(204);
    }

    void leave(Context ctx) {
        User u = Params.user(ctx);
        projects.removeMember(u, Params.projectId(ctx), u.id());
        ctx.status(204);
    }

    /** Admins who are not members act as owners. */
    void role(Context ctx) {
        Role role = ctx.attribute(AccessFilter.ROLE);
        boolean admin = Params.user(ctx).admin();
        Role shown = role == null ? Role.OWNER : role;
        ctx.json(new RoleView(shown.json(), admin ? Role.OWNER.permissions() : shown.permissions()));
    }

    void members(Context ctx) {
        ctx.json(projects.members(Params.projectId(ctx), ctx.queryParam("sort"), ctx.queryParam("order")));
    }

    void member(Context ctx) {
        ctx.json(projects.member(Params.projectId(ctx), Params.id(ctx, "user_id")));
    }

    void addMember(Context ctx) {
        MemberRequest r = Bodies.read(ctx, MemberRequest.class);
        projects.addMember(Params.user(ctx), Params.projectId(ctx), r.userId(), r.role());
        ctx.status(204);
    }

    void setRole(Context ctx) {
        RoleRequest r = Bodies.read(ctx, RoleRequest.class);
        projects.setRole(Params.user(ctx), Params.projectId(ctx), Params.id(ctx, "user_id"), r.role());
        ctx.status(204);
    }

    void removeMember(Context ctx) {
        projects.removeMember(Params.user(ctx), Params.projectId(ctx), Params.id(ctx, "user_id"));
        ctx.status(204);
    }
}
