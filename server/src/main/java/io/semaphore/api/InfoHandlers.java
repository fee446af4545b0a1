package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.build.Version;
import io.semaphore.config.Config;
import io.semaphore.event.EventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@code /api/ping}, {@code /api/info} and the activity feeds. */
final class InfoHandlers {
    private static final int ALL_EVENTS = 1000;
    private static final int LAST_EVENTS = 200;

    private final Config config;
    private final EventStore events;
    /** `ansible --version` takes a second; run it on the first /api/info, not at start-up. */
    private volatile String ansibleVersion;

    InfoHandlers(Config config, EventStore events) {
        this.config = config;
        this.events = events;
    }

    record Info(String version, String ansible, String webHost, boolean useRemoteRunner) {}

    void ping(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8").result("pong");
    }

    void info(Context ctx) {
        ctx.json(new Info(Version.VERSION, ansible(), config.webHost(), config.useRemoteRunner()));
    }

    void events(Context ctx) {
        var u = Params.user(ctx);
        ctx.json(events.forUser(u.id(), u.admin(), ALL_EVENTS));
    }

    void lastEvents(Context ctx) {
        var u = Params.user(ctx);
        ctx.json(events.forUser(u.id(), u.admin(), LAST_EVENTS));
    }

    void projectEvents(Context ctx) {
        ctx.json(events.forProject(Params.projectId(ctx), ALL_EVENTS));
    }

    void lastProjectEvents(Context ctx) {
        ctx.json(events.forProject(Params.projectId(ctx), LAST_EVENTS));
    }

    private String ansible() {
        String v = ansibleVersion;
        if (v == null) {
            v = runAnsibleVersion();
            ansibleVersion = v;
        }
        return v;
    }

    private static String runAnsibleVersion() {
        try {
            Process p = new ProcessBuilder("ansible", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
