package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.Principal;
import io.semaphore.auth.SessionCookie;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.project.ProjectService;
import io.semaphore.project.Role;
import java.util.Optional;

/**
 * The one place where access is decided: runs before every matched route, refuses cross-site requests
 * ({@link CrossSiteGuard}), authenticates the caller, and checks the route's {@link Access}. A project the caller is not a member of is reported as not found, so ids of other
 * projects reveal nothing.
 */
record AccessFilter(AuthService auth, ProjectService projects, CrossSiteGuard crossSite) {
    static final String PRINCIPAL = "principal";
    static final String PROJECT_ID = "projectId";
    static final String ROLE = "projectRole";

    void handle(Context ctx) {
        // Every API route declares its Access in Routes; a request that reaches here without one matched no API
        // route (only the UI's catch-all), so it is a 404 - and a route someone forgot to declare fails closed.
        Access access = ctx.routeRoles().stream().filter(Access.class::isInstance).map(Access.class::cast)
                .findFirst().orElseThrow(() -> new NotFoundException("Not found: no API route " + ctx.method() + " " + ctx.path()));
        crossSite.check(ctx); // public routes too: sign-in and sign-out
        if (access == Access.PUBLIC) {
            return;
        }
        Optional<Principal> caller = auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME));
        if (caller.isEmpty() && !AuthService.isBearer(ctx.header("Authorization"))) {
            Optional<Principal> pending = auth.pendingVerification(ctx.cookie(SessionCookie.NAME));
            if (pending.isPresent() && access != Access.PENDING_TOTP) {
                // Semaphore's word for it, which clients check, then what to do
                throw new UnauthorizedException("TOTP_REQUIRED: enter the code of your authenticator app (POST /api/auth/verify)");
            }
            caller = pending;
        }
        Principal p = caller
                .orElseThrow(() -> new UnauthorizedException("Not signed in: sign in at /api/auth/login or send an API token as 'Authorization: Bearer <token>'"));
        ctx.attribute(PRINCIPAL, p);
        if (access == Access.ADMIN && !p.user().admin()) {
            throw new ForbiddenException("Only administrators can do this");
        }
        if (!access.projectLevel()) {
            return;
        }
        int projectId = Params.id(ctx, "project_id");
        Optional<Role> role = projects.role(projectId, p.user().id());
        if (role.isEmpty() && !(p.user().admin() && projects.exists(projectId))) {
            throw new NotFoundException("Project " + projectId + " not found");
        }
        ctx.attribute(PROJECT_ID, projectId);
        role.ifPresent(r -> ctx.attribute(ROLE, r));
        if (access.permission != null && !p.user().admin() && !role.get().can(access.permission)) {
            throw new ForbiddenException("Your role in this project (" + role.get().json() + ") does not allow this");
        }
    }
}
