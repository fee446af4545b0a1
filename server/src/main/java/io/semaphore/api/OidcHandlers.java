package io.semaphore.api;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.SignInService;
import io.semaphore.auth.oidc.OidcException;
import io.semaphore.auth.oidc.OidcService;
import io.semaphore.config.Config;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/auth/oidc/{provider}/login} and {@code .../redirect}: browser navigations, so they answer with
 * redirects. A sign-in that fails at the provider's end goes back to the sign-in page with the reason in
 * {@code ?error=}; an unknown provider is a JSON 404.
 */
record OidcHandlers(OidcService oidc, SignInService signIn, AuthHandlers auth, Config config, ForwardedHeaders forwarded) {
    private static final Logger log = LoggerFactory.getLogger(OidcHandlers.class);
    private static final String FLOW_PATH = "/api/auth/oidc";

    void login(Context ctx) {
        String provider = ctx.pathParam("provider");
        try {
            OidcService.Start start = oidc.start(provider, redirectUrl(ctx, provider));
            ctx.cookie(flowCookie(ctx, start.cookie(), 600));
            redirectTo(ctx, start.authorizationUrl().toString());
        } catch (OidcException e) {
            backToSignIn(ctx, e.getMessage());
        }
    }

    void redirect(Context ctx) {
        String provider = ctx.pathParam("provider");
        String url = redirectUrl(ctx, provider);
        ctx.cookie(flowCookie(ctx, "", 0)); // one use, whatever happens
        try {
            OidcService.Identity id = oidc.finish(provider, url, ctx.queryParamMap(), ctx.cookie(OidcService.cookieName()));
            AuthService.LoginResult result = signIn.oidcLogin(id, forwarded.clientIp(ctx), ctx.userAgent());
            auth.setSessionCookie(ctx, result.cookieValue());
            redirectTo(ctx, webRoot(ctx) + "/");
        } catch (OidcException e) {
            log.info("OIDC sign-in through {} failed: {}", provider, e.getMessage());
            backToSignIn(ctx, e.getMessage());
        }
    }

    private void backToSignIn(Context ctx, String message) {
        redirectTo(ctx, webRoot(ctx) + "/auth/login?error=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }

    /** A 307 without a body (Javalin's redirect writes "Redirected", which the description does not have). */
    private static void redirectTo(Context ctx, String location) {
        ctx.header("Location", location);
        ctx.status(HttpStatus.TEMPORARY_REDIRECT);
    }

    /** The provider's {@code redirect_url}, else ours under web_host (or the address the browser used). */
    private String redirectUrl(Context ctx, String provider) {
        return oidc.redirectUrl(provider, webRoot(ctx) + FLOW_PATH + "/" + provider + "/redirect");
    }

    private String webRoot(Context ctx) {
        String host = config.webHost();
        if (!host.isEmpty()) {
            return host.replaceAll("/+$", "");
        }
        return forwarded.scheme(ctx) + "://" + forwarded.host(ctx);
    }

    private Cookie flowCookie(Context ctx, String value, int maxAge) {
        boolean https = "https".equals(forwarded.scheme(ctx)) || config.webHost().startsWith("https://");
        return new Cookie(OidcService.cookieName(), value, FLOW_PATH, maxAge, https, true, null, SameSite.LAX);
    }
}
