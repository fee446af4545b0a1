package io.semaphore.runner;

import io.semaphore.db.Database;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The rules for runners: global ones (administrators) and a project's own; tokens made here (32 random bytes in
 * base64, as Semaphore's), shown once and stored only as their SHA-256; authentication of a polling runner (a
 * disabled or deleted runner's token stops working at once: each request reads the row); registration with the
 * server's {@code runner_registration_token}; heartbeats ({@code touched}); who is online.
 */
public final class RunnerService {
    /** A runner not heard from for this long is offline: it gets no work and its tasks are failed or requeued. */
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(30);
    static final int MAX_NAME = 100;
    static final int MAX_WEBHOOK = 1000;
    static final int MAX_TAG = 200;

    private final RunnerStore store;
    private final String registrationToken;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A runner just made, with its token in clear: the only time anyone sees it. */
    public record Created(Runner runner, String token) {}

    public RunnerService(Database db, String registrationToken, Clock clock) {
        this.store = new RunnerStore(db);
        this.registrationToken = registrationToken == null ? "" : registrationToken;
        this.clock = clock;
    }

    public RunnerStore store() {
        return store;
    }

    /** A new runner, global when {@code projectId} is null; returns it with its token (shown once). */
    public Created create(Integer projectId, RunnerRequest req) {
        String name = text("name", req.name(), MAX_NAME);
        String webhook = text("webhook", req.webhook(), MAX_WEBHOOK);
        String tag = text("tag", req.tag(), MAX_TAG);
        int max = maxParallel(req.maxParallelTasks());
        boolean active = req.active() == null || req.active();
        String token = newToken();
        int id = store.insert(projectId, hash(token), name, webhook, max, active, tag, now());
        return new Created(store.find(id).orElseThrow(), token);
    }

    /** Global runners ({@code projectId} null) or a project's, by id. */
    public List<Runner> list(Integer projectId) {
        return store.list(projectId);
    }

    /** Every runner, global and of projects. */
    public List<Runner> all() {
        return store.all();
    }

    /** A global runner ({@code projectId} null) or one of the project; 404 otherwise. */
    public Runner get(Integer projectId, int id) {
        return store.find(id).filter(r -> java.util.Objects.equals(r.projectId(), projectId))
                .orElseThrow(() -> new NotFoundException(projectId == null
                        ? "Runner " + id + " not found among the global runners"
                        : "Runner " + id + " not found in project " + projectId));
    }

    /** Changes name, webhook, max parallel tasks, active and tag; fields left null keep their value. */
    public Runner update(Integer projectId, int id, RunnerRequest req) {
        Runner r = get(projectId, id);
        if (req.id() != null && req.id() != 0 && req.id() != id) {
            throw new ValidationException("Runner id in the body (" + req.id() + ") does not match the URL (" + id + ")");
        }
        store.update(id,
                req.name() == null ? r.name() : text("name", req.name(), MAX_NAME),
                req.webhook() == null ? r.webhook() : text("webhook", req.webhook(), MAX_WEBHOOK),
                req.maxParallelTasks() == null ? r.maxParallelTasks() : maxParallel(req.maxParallelTasks()),
                req.active() == null ? r.active() : req.active(),
                req.tag() == null ? r.tag() : text("tag", req.tag(), MAX_TAG));
        return store.find(id).orElseThrow();
    }

    /** Enables or disables a runner: a disabled one's next poll is refused and it gets no work. */
    public void setActive(Integer projectId, int id, boolean active) {
        get(projectId, id);
        store.setActive(id, active);
    }

    /** Deletes a runner: its token stops working at once; tasks it had keep their history. */
    public void delete(Integer projectId, int id) {
        get(projectId, id);
        store.delete(id);
    }

    /**
     * The runner of a token ({@code X-Runner-Token}): 401 when it is missing or belongs to no runner (deleted, or
     * never made), 403 when the runner is disabled.
     */
    public Runner authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new UnauthorizedException("Header X-Runner-Token is missing: a runner sends the token it got when it"
                    + " was registered");
        }
        Runner r = store.findByTokenHash(hash(token.trim())).orElseThrow(() -> new UnauthorizedException(
                "No runner has this token (it was deleted or unregistered): register the runner again"));
        if (!r.active()) {
            throw new ForbiddenException("Runner " + r.id() + (r.name().isEmpty() ? "" : " (" + r.name() + ")")
                    + " is disabled: an administrator must enable it before it gets work");
        }
        return r;
    }

    /**
     * {@code semaphore runner register}: a new global runner for whoever knows the server's
     * {@code runner_registration_token}. 400 when the server has none (registration is off) or it does not match.
     */
    public Created register(String givenToken, String webhook, Integer maxParallelTasks, String name, String tag) {
        if (registrationToken.isEmpty()) {
            throw new ValidationException("Runner registration is turned off on this server: set"
                    + " runner_registration_token (SEMAPHORE_RUNNER_REGISTRATION_TOKEN) in its configuration, or have an"
                    + " administrator create the runner and give it its token");
        }
        if (givenToken == null || !MessageDigest.isEqual(givenToken.getBytes(StandardCharsets.UTF_8),
                registrationToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ValidationException("Invalid registration token: it must equal the server's"
                    + " runner_registration_token");
        }
        return create(null, RunnerRequest.of(name, webhook, maxParallelTasks, true, tag));
    }

    /** A runner unregisters itself ({@code DELETE /api/internal/runners}). */
    public void unregister(Runner r) {
        store.delete(r.id());
    }

    /** The runner was heard from now. */
    public void heartbeat(int runnerId) {
        store.touch(runnerId, now());
    }

    public boolean online(Runner r) {
        return r.onlineAt(now());
    }

    /** Active runners heard from in the last {@link #OFFLINE_AFTER}: {@code semaphore_runners_online}. */
    public int onlineCount() {
        return store.countOnline(now().minus(OFFLINE_AFTER));
    }

    /** Unfinished tasks a runner has taken. */
    public int activeTasks(int runnerId) {
        return store.countActiveTasks(runnerId);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String newToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String text(String field, String value, int max) {
        String v = value == null ? "" : value.trim();
        if (v.length() > max) {
            throw new ValidationException("Field '" + field + "' is longer than " + max + " characters");
        }
        return v;
    }

    private static int maxParallel(Integer v) {
        if (v == null) {
            return 0;
        }
        if (v < 0) {
            throw new ValidationException("Field 'max_parallel_tasks' is " + v + "; it must be 0 (unlimited) or more");
        }
        return v;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
