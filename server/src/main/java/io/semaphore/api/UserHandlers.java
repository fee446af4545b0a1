package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.auth.ApiToken;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.TotpService;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.project.ProjectService;
import io.semaphore.user.User;
import io.semaphore.user.UserRequest;
import io.semaphore.user.UserService;
import java.time.Instant;
import java.util.List;

/** {@code /api/user}, {@code /api/users} and {@code /api/user/tokens}. */
record UserHandlers(UserService users, ProjectService projects, AuthService auth, TotpService totp) {
    /**
     * {@code GET /api/user}: Semaphore adds {@code can_create_project} to the user, and {@code totp} when the user
     * enrolled (without its URL: that holds the secret).
     */
    record CurrentUser(int id, Instant created, String username, String name, String email, boolean admin,
                       boolean external, boolean alert, boolean canCreateProject, TotpService.Enrolled totp) {}

    /** What non-admins see of other users. */
    record UserSummary(int id, String username, String name) {}

    record PasswordRequest(String password) {}

    /** {@code POST /api/user/tokens}: Semaphore sends no body; ours may name the token and give it an expiry. */
    record TokenRequest(String name, Instant expires) {}

    /** One of the caller's sessions; {@code current} marks the one making the request. */
    record SessionView(int id, Instant created, Instant lastActive, String ip, String userAgent, boolean current) {}

    void current(Context ctx) {
        User u = Params.user(ctx);
        ctx.json(new CurrentUser(u.id(), u.created(), u.username(), u.name(), u.email(), u.admin(), u.external(),
                u.alert(), projects.canCreate(u), totp.enrolled(u.id()).orElse(null)));
    }

    void list(Context ctx) {
        List<User> all = users.list();
        if (Params.user(ctx).admin()) {
            ctx.json(all);
        } else {
            ctx.json(all.stream().map(u -> new UserSummary(u.id(), u.username(), u.name())).toList());
        }
    }

    void create(Context ctx) {
        User created = users.create(Params.user(ctx), Bodies.read(ctx, UserRequest.class));
        ctx.status(201).json(created);
    }

    void get(Context ctx) {
        int id = Params.id(ctx, "user_id");
        User actor = Params.user(ctx);
        User u = users.get(id);
        if (!actor.admin() && actor.id() != id) {
            // what GET /api/users shows everyone; Semaphore's task log reads the author's name this way
            ctx.json(new UserSummary(u.id(), u.username(), u.name()));
            return;
        }
        ctx.json(u);
    }

    void update(Context ctx) {
        users.update(Params.user(ctx), Params.id(ctx, "user_id"), Bodies.read(ctx, UserRequest.class),
                Params.principal(ctx).sessionId());
        ctx.status(204);
    }

    void delete(Context ctx) {
        users.delete(Params.user(ctx), Params.id(ctx, "user_id"));
        ctx.status(204);
    }

    void password(Context ctx) {
        PasswordRequest r = Bodies.read(ctx, PasswordRequest.class);
        users.setPassword(Params.user(ctx), Params.id(ctx, "user_id"), r.password(), Params.principal(ctx).sessionId());
        ctx.status(204);
    }

    void tokens(Context ctx) {
        ctx.json(auth.tokens().list(Params.user(ctx).id()));
    }

    void createToken(Context ctx) {
        TokenRequest r = ctx.bodyAsBytes().length == 0 || Bodies.text(ctx.bodyAsBytes()).isBlank()
                ? new TokenRequest(null, null) : Bodies.read(ctx, TokenRequest.class);
        String name = r.name() == null ? "" : r.name().trim();
        if (name.length() > 255) {
            throw new ValidationException("Field 'name' is " + name.length() + " characters long; allowed: at most 255");
        }
        Instant now = auth.now();
        if (r.expires() != null && !r.expires().isAfter(now)) {
            throw new ValidationException("Field 'expires' (" + r.expires() + ") is not in the future; give a later"
                    + " date-time or leave it out for a token that does not expire");
        }
        ApiToken token = auth.tokens().create(Params.user(ctx).id(), now, name,
                r.expires() == null ? null : r.expires().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        ctx.status(201).json(token);
    }

    void sessions(Context ctx) {
        Integer current = Params.principal(ctx).sessionId();
        ctx.json(auth.activeSessions(Params.user(ctx).id()).stream()
                .map(s -> new SessionView(s.id(), s.created(), s.lastActive(), s.ip(), s.userAgent(),
                        current != null && current == s.id()))
                .toList());
    }

    void deleteSession(Context ctx) {
        int id = Params.id(ctx, "session_id");
        if (!auth.endSession(Params.user(ctx).id(), id)) {
            throw new NotFoundException("Session " + id + " not found among your active sessions");
        }
        ctx.status(204);
    }

    void deleteToken(Context ctx) {
        String id = ctx.pathParam("token_id");
        if (!auth.revokeToken(Params.user(ctx).id(), id)) {
            throw new NotFoundException("API token not found");
        }
        ctx.status(204);
    }
}
