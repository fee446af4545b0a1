package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.auth.Principal;
import io.semaphore.errors.NotFoundException;
import io.semaphore.user.User;

/** Typed access to path parameters and to what {@link AccessFilter} resolved for the request. */
final class Params {
    private Params() {}

    /** A numeric id from the path; anything else cannot name an object, so it is "not found". */
    static int id(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            int id = Integer.parseInt(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new NotFoundException("No object with " + name + " '" + raw + "': ids are positive whole numbers");
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(AccessFilter.PRINCIPAL);
    }

    static User user(Context ctx) {
        return principal(ctx).user();
    }

    static int projectId(Context ctx) {
        return ctx.attribute(AccessFilter.PROJECT_ID);
    }
}
