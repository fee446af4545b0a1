package io.semaphore.api;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.SessionCookie;
import io.semaphore.config.Config;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code /api/auth/*}: sign-in methods, password sign-in and sign-out. */
final class AuthHandlers {
    private static final int COOKIE_MAX_AGE = 30 * 24 * 3600;

    private final AuthService auth;
    private final Config config;
    private final ForwardedHeaders forwarded;

    AuthHandlers(AuthService auth, Config config, ForwardedHeaders forwarded) {
        this.auth = auth;
        this.config = config;
        this.forwarded = forwarded;
    }

    record LoginRequest(String auth, String password) {}

    record OidcButton(String id, String name, String color, String icon) {}

    record LoginMethods(List<OidcButton> oidcProviders, boolean loginWithPassword) {}

    void methods(Context ctx) {
        List<OidcButton> buttons = config.oidcProviders().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, io.semaphore.config.OidcProvider> e) -> e.getValue().order())
                        .thenComparing(Map.Entry::getKey))
                .map(e -> new OidcButton(e.getKey(), e.getValue().displayName(), e.getValue().color(), e.getValue().icon()))
                .toList();
        ctx.json(new LoginMethods(buttons, !config.passwordLoginDisabled()));
    }

    void login(Context ctx) {
        LoginRequest r = Bodies.read(ctx, LoginRequest.class);
        AuthService.LoginResult result = auth.login(r.auth(), r.password(), forwarded.clientIp(ctx), ctx.userAgent());
        ctx.cookie(cookie(ctx, result.cookieValue(), COOKIE_MAX_AGE));
        ctx.status(204);
    }

    void logout(Context ctx) {
        auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME)).ifPresent(auth::logout);
        ctx.cookie(cookie(ctx, "", 0));
        ctx.status(204);
    }

    /** HttpOnly and SameSite always; Secure when the browser reached us over https (directly or via a trusted proxy). */
    private Cookie cookie(Context ctx, String value, int maxAge) {
        boolean https = "https".equals(forwarded.scheme(ctx)) || config.webHost().startsWith("https://");
        return new Cookie(SessionCookie.NAME, value, "/", maxAge, https, true, null, SameSite.LAX);
    }
}
