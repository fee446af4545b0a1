package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.auth.TotpService;
import io.semaphore.config.AuthConfig;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.user.User;
import io.semaphore.user.UserService;
import java.time.Instant;

/** {@code /api/users/{user_id}/2fas/totp}: enrol in TOTP (yourself) and remove it (yourself, or an admin for anyone). */
record TotpHandlers(TotpService totp, UserService users, AuthConfig.Totp config) {
    /** Semaphore's {@code UserTotp}; {@code recovery_code} only in the answer to enrolment, never again. */
    record UserTotp(int id, Instant created, int userId, String url, String recoveryCode) {}

    /** {@code POST}: 200 with the otpauth URL (for the QR code) and the recovery code, shown this once. */
    void enable(Context ctx) {
        User actor = Params.user(ctx);
        int id = Params.id(ctx, "user_id");
        if (actor.id() != id) {
            // The secret would be seen by whoever enrols: only its owner may.
            throw new ForbiddenException("You can only enable TOTP for yourself");
        }
        if (!config.enabled()) {
            throw new ValidationException("TOTP is turned off on this server (auth.totp.enabled)");
        }
        User user = users.get(id);
        if (totp.enrolled(id).isPresent()) {
            throw new ValidationException("TOTP is already enabled for " + user.username() + "; disable it first to make a new secret");
        }
        TotpService.Enrollment e = totp.enable(user);
        ctx.json(new UserTotp(e.id(), e.created(), e.userId(), e.url(), config.allowRecovery() ? e.recoveryCode() : null));
    }

    /** {@code DELETE .../{totp_id}}: 204; by the user, or by an admin to reset a user who lost their device. */
    void disable(Context ctx) {
        User actor = Params.user(ctx);
        int id = Params.id(ctx, "user_id");
        if (!actor.admin() && actor.id() != id) {
            throw new ForbiddenException("You can only disable your own TOTP");
        }
        User user = users.get(id);
        if (totp.enrolled(id).isEmpty()) {
            throw new ValidationException("TOTP is not enabled for " + user.username());
        }
        if (!totp.disable(user, Params.id(ctx, "totp_id"))) {
            throw new NotFoundException("TOTP " + ctx.pathParam("totp_id") + " of " + user.username() + " not found");
        }
        ctx.status(204);
    }
}
