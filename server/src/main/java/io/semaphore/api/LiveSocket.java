package io.semaphore.api;

import io.semaphore.task.log.LogHub;
import io.semaphore.task.log.TaskLog;
import io.semaphore.task.state.Task;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.semaphore.auth.AuthService;
import io.semaphore.background.Ticker;
import io.semaphore.auth.Principal;
import io.semaphore.auth.Revocation;
import io.semaphore.auth.SessionCookie;
import io.semaphore.project.ProjectService;
import io.semaphore.task.log.LiveCursor;
import io.semaphore.task.log.LiveTails;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.websocket.api.Callback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/ws}: live task statuses and log lines for a signed-in browser, in Semaphore's message format. Each
 * connection gets the messages of the projects its user may see, from its own writer thread: every status update,
 * and log lines read from the hub's {@link LiveTails} at its own pace. A connection that cannot keep up with a
 * chatty task skips ahead to its newest lines (the numbers show the browser what to page from {@code /output});
 * it is not closed for being slow.
 * A connection ends (close code 4401) as soon as the session or API token it was opened with stops being valid:
 * at once for sign-outs, deleted tokens, password changes and deleted users made on this node (told by
 * {@link AuthService}), and within {@link #RECHECK_EVERY} for those made elsewhere (another node, the CLI) and for
 * sessions that expired.
 */
final class LiveSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);
    /** Status updates a connection may have waiting before it is closed as dead (log lines never count). */
    static final int MAX_WAITING_UPDATES = 50_000;
    private static final long SEND_TIMEOUT_SECONDS = 60;
    private static final long IDLE_NANOS = 30_000_000_000L;
    private static final long MEMBERSHIP_TTL_MS = 10_000;
    static final Duration RECHECK_EVERY = Duration.ofSeconds(3);
    static final int SIGNED_OUT = 4401;

    private final AuthService auth;
    private final ProjectService projects;
    private final TaskLog hub;
    private final CrossSiteGuard crossSite;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Consumer<Revocation> onRevocation = this::revoked;
    private final Ticker rechecker;
    private volatile boolean closed;

    LiveSocket(AuthService auth, ProjectService projects, TaskLog hub, CrossSiteGuard crossSite) {
        this.auth = auth;
        this.projects = projects;
        this.hub = hub;
        this.crossSite = crossSite;
        auth.onRevocation(onRevocation);
        this.rechecker = Ticker.start("ws-credentials", RECHECK_EVERY, RECHECK_EVERY, this::recheck, e -> {
            if (!closed) {
                log.warn("Could not re-check the credentials of live connections: {}", e.toString());
            }
        });
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Principal p = auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME)).orElse(null);
            if (p == null) {
                ctx.closeSession(SIGNED_OUT, "Not signed in");
                return;
            }
            ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(10));
            Connection c = new Connection(ctx, p);
            connections.put(ctx.sessionId(), c);
            hub.subscribe(c);
            c.writer.start();
        });
        ws.onClose(ctx -> close(ctx.sessionId()));
        ws.onError(ctx -> close(ctx.sessionId()));
        // Semaphore's browsers send nothing and get every log line of their projects. Ours send
        // {"type": "logs", "task_ids": [...]} to receive only the logs they show, so a busy task elsewhere in the
        // project does not flood them, and with "batch": true get lines as {"type": "logs", "lines": [...]} frames.
        ws.onMessage(ctx -> {
            Connection c = connections.get(ctx.sessionId());
            if (c == null) {
                return;
            }
            try {
                var msg = io.semaphore.json.Json.MAPPER.readTree(ctx.message());
                if ("logs".equals(msg.path("type").asText())) {
                    java.util.Set<Long> ids = null; // without task_ids: every task's lines (in batches if asked)
                    if (msg.path("task_ids").isArray()) {
                        ids = new java.util.HashSet<>();
                        for (var n : msg.path("task_ids")) {
                            ids.add(n.asLong());
                        }
                    }
                    c.logFilter = ids;
                    c.batches = msg.path("batch").asBoolean(false);
                    c.wake();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
                // not for us
            }
        });
    }

    /**
     * Refuses the upgrade before a socket exists: 403 when the browser's page is on another site, 401 when the
     * request carries no valid credentials.
     */
    void beforeUpgrade(io.javalin.http.Context ctx) {
        // Javalin refuses the upgrade only for its own HTTP response exceptions.
        try {
            crossSite.checkUpgrade(ctx);
        } catch (io.semaphore.errors.ForbiddenException e) {
            throw new io.javalin.http.ForbiddenResponse(e.getMessage());
        }
        if (auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME)).isEmpty()) {
            throw new io.javalin.http.UnauthorizedResponse("Not signed in");
        }
    }

    /** Told by {@link AuthService}: ends the connections opened with credentials that just ended. */
    private void revoked(Revocation r) {
        for (Connection c : connections.values()) {
            if (r.covers(c.principal)) {
                c.end("Signed out: the session or API token of this connection has ended");
            }
        }
    }

    /** The fallback for changes this node was not told about: asks the database about every open connection. */
    private void recheck() {
        List<Connection> open = List.copyOf(connections.values());
        if (open.isEmpty()) {
            return;
        }
        Set<Principal> gone = auth.noLongerValid(open.stream().map(c -> c.principal).toList());
        for (Connection c : open) {
            if (gone.contains(c.principal)) {
                c.end("Signed out: the session or API token of this connection is no longer valid");
            }
        }
    }

    /** Stops the re-checks and stops listening; open sockets are closed by the HTTP server's stop. */
    @Override
    public void close() {
        closed = true;
        auth.removeRevocationListener(onRevocation);
        rechecker.close();
    }

    private void close(String id) {
        Connection c = connections.remove(id);
        if (c != null) {
            hub.unsubscribe(c);
            c.stop();
        }
    }

    private final class Connection implements LogHub.Viewer {
        final WsContext ctx;
        final Principal principal;
        /** Status updates waiting to be sent: all of them, in order (log lines are read from the hub's tails). */
        final Queue<String> updates = new ConcurrentLinkedQueue<>();
        final AtomicInteger waitingUpdates = new AtomicInteger();
        final LiveCursor cursor = new LiveCursor();
        final Map<Integer, long[]> membership = new ConcurrentHashMap<>();
        final Thread writer;
        volatile boolean ended;
        /** Task ids whose log lines the browser asked for; null = all (Semaphore's behaviour). */
        volatile java.util.Set<Long> logFilter;
        /** The browser asked for lines in batches ({"type":"logs"} frames) instead of one message per line. */
        volatile boolean batches;

        @Override
        public boolean wantsLog(long taskId) {
            java.util.Set<Long> f = logFilter;
            return f == null || f.contains(taskId);
        }

        Connection(WsContext ctx, Principal principal) {
            this.ctx = ctx;
            this.principal = principal;
            this.writer = Thread.ofVirtual().name("ws-" + ctx.sessionId()).unstarted(this::write);
        }

        @Override
        public boolean canSee(int projectId) {
            if (principal.user().admin()) {
                return true;
            }
            long now = System.currentTimeMillis();
            long[] cached = membership.get(projectId);
            if (cached == null || cached[1] < now) {
                boolean member = projects.role(projectId, principal.user().id()).isPresent();
                cached = new long[] {member ? 1 : 0, now + MEMBERSHIP_TTL_MS};
                membership.put(projectId, cached);
            }
            return cached[0] == 1;
        }

        @Override
        public boolean readsTails() {
            return true;
        }

        /** A status update: always queued (a connection this far behind on updates alone is dead). */
        @Override
        public boolean offer(String json) {
            if (waitingUpdates.incrementAndGet() > MAX_WAITING_UPDATES) {
                return false;
            }
            updates.add(json);
            wake();
            return true;
        }

        @Override
        public void wake() {
            LockSupport.unpark(writer);
        }

        void stop() {
            ended = true;
            wake();
        }

        /** Closes the socket as signed out; the browser does not reconnect after this code. */
        void end(String reason) {
            close(ctx.sessionId());
            try {
                ctx.closeSession(SIGNED_OUT, reason);
            } catch (RuntimeException ignored) {
                // already closed
            }
        }

        @Override
        public void drop() {
            log.info("Closing a live connection of {}: {} status updates wait to be sent", principal.user().username(),
                    MAX_WAITING_UPDATES);
            stop();
            try {
                ctx.closeSession(1013, "Too slow; reconnect and reload the output");
            } catch (RuntimeException ignored) {
                // already closed
            }
        }

        /**
         * Every {@link LiveCursor#tickMs} ms while tasks print (at once for a status update): the new lines of the
         * tasks shown, then the updates queued before they were read, so a task's last lines come before its end.
         * Each frame is sent before the next is made: a slow socket holds only this thread back, and the next read
         * skips ahead to the newest lines.
         */
        private void write() {
            try {
                while (!ended && ctx.session.isOpen()) {
                    if (updates.isEmpty()) {
                        LockSupport.parkNanos(hub.tails().isEmpty() ? IDLE_NANOS : LiveCursor.tickMs(hub.viewers()) * 1_000_000L);
                    }
                    if (ended) {
                        return;
                    }
                    List<String> queued = new java.util.ArrayList<>();
                    for (String u; (u = updates.poll()) != null; ) {
                        waitingUpdates.decrementAndGet();
                        queued.add(u);
                    }
                    for (String frame : cursor.frames(hub.tails(), this::wantsLog, this::canSee, batches,
                            LiveCursor.budget(hub.viewers()))) {
                        send(frame);
                    }
                    for (String u : queued) {
                        send(u);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                close(ctx.sessionId());
            }
        }

        private void send(String frame) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            ctx.session.sendText(frame, sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
