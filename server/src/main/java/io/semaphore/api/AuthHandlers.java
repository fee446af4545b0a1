package io.semaphore.api;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.SessionCookie;
import io.semaphore.auth.SignInService;
import io.semaphore.config.Config;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code /api/auth/*}: sign-in methods, password (or LDAP) sign-in, the TOTP step and sign-out. */
record AuthHandlers(AuthService auth, SignInService signIn, Config config, ForwardedHeaders forwarded) {
    private static final int COOKIE_MAX_AGE = 30 * 24 * 3600;

    record LoginRequest(String auth, String password) {}

    record VerifyRequest(String passcode) {}

    record RecoveryRequest(String recoveryCode) {}

    record OidcButton(String id, String name, String color, String icon) {}

    record TotpMethod(boolean allowRecovery) {}

    /** Semaphore's {@code auth_methods}: {@code totp} only when TOTP is on. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record AuthMethods(TotpMethod totp) {}

    /** {@code ldap}: ours, so the sign-in form can say which account to use. */
    record LoginMethods(List<OidcButton> oidcProviders, boolean loginWithPassword, AuthMethods authMethods, boolean ldap) {}

    void methods(Context ctx) {
        List<OidcButton> buttons = config.oidcProviders().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, io.semaphore.config.OidcProvider> e) -> e.getValue().order())
                        .thenComparing(Map.Entry::getKey))
                .map(e -> new OidcButton(e.getKey(), e.getValue().displayName(), e.getValue().color(), e.getValue().icon()))
                .toList();
        var totp = config.auth().totp();
        ctx.json(new LoginMethods(buttons, !config.passwordLoginDisabled(),
                new AuthMethods(totp.enabled() ? new TotpMethod(totp.allowRecovery()) : null), config.ldapEnable()));
    }

    void login(Context ctx) {
        LoginRequest r = Bodies.read(ctx, LoginRequest.class);
        AuthService.LoginResult result = signIn.login(r.auth(), r.password(), forwarded.clientIp(ctx), ctx.userAgent());
        ctx.cookie(cookie(ctx, result.cookieValue(), COOKIE_MAX_AGE));
        ctx.status(204);
    }

    /** {@code POST /api/auth/verify}: the session's TOTP code (a session that owes none: nothing to do, 204). */
    void verify(Context ctx) {
        VerifyRequest r = Bodies.read(ctx, VerifyRequest.class);
        auth.pendingVerification(ctx.cookie(SessionCookie.NAME)).ifPresent(p -> signIn.verify(p, r.passcode()));
        ctx.status(204);
    }

    /** {@code POST /api/auth/recovery}: the recovery code instead of the TOTP code. */
    void recovery(Context ctx) {
        RecoveryRequest r = Bodies.read(ctx, RecoveryRequest.class);
        auth.pendingVerification(ctx.cookie(SessionCookie.NAME)).ifPresent(p -> signIn.recover(p, r.recoveryCode()));
        ctx.status(204);
    }

    /** Sets the session cookie of a sign-in made elsewhere (OIDC). */
    void setSessionCookie(Context ctx, String value) {
        ctx.cookie(cookie(ctx, value, COOKIE_MAX_AGE));
    }

    void logout(Context ctx) {
        auth.logout(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME));
        ctx.cookie(cookie(ctx, "", 0));
        ctx.status(204);
    }

    /** HttpOnly and SameSite always; Secure when the browser reached us over https (directly or via a trusted proxy). */
    private Cookie cookie(Context ctx, String value, int maxAge) {
        boolean https = "https".equals(forwarded.scheme(ctx)) || config.webHost().startsWith("https://");
        return new Cookie(SessionCookie.NAME, value, "/", maxAge, https, true, null, SameSite.LAX);
    }
}
