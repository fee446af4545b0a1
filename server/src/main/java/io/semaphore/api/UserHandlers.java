package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.auth.ApiToken;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.TotpService;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.project.ProjectService;
import io.semaphore.user.User;
import io.semaphore.user.UserRequest;
import io.semaphore.user.UserService;
import java.time.Instant;
import java.util.List;

/** {@code /api/user}, {@code /api/users} and {@code /api/user/tokens}. */
final class UserHandlers {
    private final UserService users;
    private final ProjectService projects;
    private final AuthService auth;
    private final TotpService totp;

    UserHandlers(UserService users, ProjectService projects, AuthService auth, TotpService totp) {
        this.users = users;
        this.projects = projects;
        this.auth = auth;
        this.totp = totp;
    }

    /**
     * {@code GET /api/user}: Semaphore adds {@code can_create_project} to the user, and {@code totp} when the user
     * enrolled (without its URL: that holds the secret).
     */
    record CurrentUser(int id, Instant created, String username, String name, String email, boolean admin,
                       boolean external, boolean alert, boolean canCreateProject, TotpService.Enrolled totp) {}

    /** What non-admins see of other users. */
    record UserSummary(int id, String username, String name) {}

    record PasswordRequest(String password) {}

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
        if (!actor.admin() && actor.id() != id) {
            throw new ForbiddenException("You can only see your own profile");
        }
        ctx.json(users.get(id));
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
        ApiToken token = auth.tokens().create(Params.user(ctx).id(), auth.now());
        ctx.status(201).json(token);
    }

    void deleteToken(Context ctx) {
        String id = ctx.pathParam("token_id");
        if (!auth.revokeToken(Params.user(ctx).id(), id)) {
            throw new NotFoundException("API token not found");
        }
        ctx.status(204);
    }
}
