package io.semaphore.api;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.semaphore.auth.AuthService;
import io.semaphore.auth.Principal;
import io.semaphore.auth.SessionCookie;
import io.semaphore.project.ProjectStore;
import io.semaphore.task.LogHub;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/ws}: live task statuses and log lines for a signed-in browser, in Semaphore's message format. Each
 * connection gets the messages of the projects its user may see; it has its own bounded queue and writer thread,
 * and is closed when it falls {@value #BUFFER} messages behind (the browser reconnects and reloads the output).
 */
final class LiveSocket {
    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);
    static final int BUFFER = 20_000;
    private static final long MEMBERSHIP_TTL_MS = 10_000;

    private final AuthService auth;
    private final ProjectStore projects;
    private final LogHub hub;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    LiveSocket(AuthService auth, ProjectStore projects, LogHub hub) {
        this.auth = auth;
        this.projects = projects;
        this.hub = hub;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Principal p = auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME)).orElse(null);
            if (p == null) {
                ctx.closeSession(4401, "Not signed in");
                return;
            }
            ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(10));
            Connection c = new Connection(ctx, p);
            connections.put(ctx.sessionId(), c);
            hub.add(c);
        });
        ws.onClose(ctx -> close(ctx.sessionId()));
        ws.onError(ctx -> close(ctx.sessionId()));
        // Semaphore's browsers send nothing and get every log line of their projects. Ours send
        // {"type": "logs", "task_ids": [...]} to receive only the logs they show, so a busy task elsewhere in the
        // project does not flood them.
        ws.onMessage(ctx -> {
            Connection c = connections.get(ctx.sessionId());
            if (c == null) {
                return;
            }
            try {
                var msg = io.semaphore.api.Json.MAPPER.readTree(ctx.message());
                if ("logs".equals(msg.path("type").asText()) && msg.path("task_ids").isArray()) {
                    java.util.Set<Long> ids = new java.util.HashSet<>();
                    msg.path("task_ids").forEach(n -> ids.add(n.asLong()));
                    c.logFilter = ids;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
                // not for us
            }
        });
    }

    /** Refuses the upgrade with 401 before a socket exists when the request carries no valid credentials. */
    void beforeUpgrade(io.javalin.http.Context ctx) {
        if (auth.authenticate(ctx.header("Authorization"), ctx.cookie(SessionCookie.NAME)).isEmpty()) {
            // Javalin refuses the upgrade only for its own HTTP response exceptions.
            throw new io.javalin.http.UnauthorizedResponse("Not signed in");
        }
    }

    private void close(String id) {
        Connection c = connections.remove(id);
        if (c != null) {
            hub.remove(c);
            c.queue.offer(Connection.END);
        }
    }

    private final class Connection implements LogHub.Viewer {
        static final String END = new String("end");
        final WsContext ctx;
        final Principal principal;
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(BUFFER);
        final Map<Integer, long[]> membership = new ConcurrentHashMap<>();
        /** Task ids whose log lines the browser asked for; null = all (Semaphore's behaviour). */
        volatile java.util.Set<Long> logFilter;

        @Override
        public boolean wantsLog(long taskId) {
            java.util.Set<Long> f = logFilter;
            return f == null || f.contains(taskId);
        }

        Connection(WsContext ctx, Principal principal) {
            this.ctx = ctx;
            this.principal = principal;
            Thread.ofVirtual().name("ws-" + ctx.sessionId()).start(this::write);
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
        public boolean offer(String json) {
            return queue.offer(json);
        }

        @Override
        public void drop() {
            log.info("Closing a live connection of {}: it fell {} messages behind", principal.user().username(), BUFFER);
            queue.clear();
            queue.offer(END);
            try {
                ctx.closeSession(1013, "Too slow; reconnect and reload the output");
            } catch (RuntimeException ignored) {
                // already closed
            }
        }

        private void write() {
            try {
                while (true) {
                    String m = queue.poll(30, TimeUnit.SECONDS);
                    if (m == END || !ctx.session.isOpen()) {
                        return;
                    }
                    if (m != null) {
                        ctx.send(m);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                close(ctx.sessionId());
            }
        }
    }
}
