package io.semaphore.task.log;

import io.semaphore.background.Ticker;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.task.state.TaskStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live updates of the tasks other nodes run, for this node's browsers. A node publishes its own tasks' lines and
 * statuses to its own {@link LogHub}; with several nodes behind one address a browser's socket may be on a node
 * that does not run the task it watches. While this node has viewers, this feed looks every
 * {@value #TICK_MS} ms at the tasks other nodes have claimed (unfinished ones, and any newer than the last look:
 * short ones may already be done), reads the lines they stored since, and publishes lines and status changes
 * like local ones. A task first seen with a long log gets its last {@value #BACKLOG} lines; the browser fetches
 * anything older through {@code /output}, as after any gap. Lines reach remote viewers once the running node
 * has stored them (its log writer batches for up to a few hundred ms).
 * <p>
 * <b>Remote runners' tasks</b> have no node: each poll, push, confirmation or health check may reach any node,
 * which writes its lines and moves its status there (a push stores its lines before it is answered, so the next
 * push, wherever it lands, numbers on after them). Published as written, a node's browsers would see only the
 * pushes that landed on it, or its own pushes before the earlier ones another node stored. So every node follows
 * every runner's task here, and no node publishes one as it writes it ({@link TaskLog#publishFromStore}, marked
 * by the runner dispatch before it claims, stores or moves anything): each node's browsers get its lines and
 * statuses from this feed only, in the stored order, each once, the status after the lines stored before it.
 * Tasks so marked on this node are followed too while they wait (a runner's task put back in the queue, the
 * reasons it waits), until they end. The price is up to {@value #TICK_MS} ms more on the node a push reached.
 */
public final class RemoteTaskFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteTaskFeed.class);
    static final long TICK_MS = 500;
    private static final Duration TICK = Duration.ofMillis(TICK_MS);
    static final int BACKLOG = 1000;
    private static final int PAGE = 5000;
    private static final int MOST_PER_TICK = 50_000;

    private final TaskStore tasks;
    private final TaskOutputStore output;
    private final LogHub hub;
    /** This node's id, known once the task pool started (it keeps its id across restarts). */
    private final Supplier<String> nodeId;
    /** Followed tasks: the status and last line published. Touched by the feed thread only. */
    private final Map<Long, Seen> seen = new HashMap<>();
    /** Finished tasks above {@link #newestLookedAt} whose end was published. */
    private final Set<Long> done = new HashSet<>();
    /** Tasks up to this id were looked at (or made while nobody watched); -1 before the first look. */
    private long newestLookedAt = -1;
    private Ticker ticker;

    private record Seen(TaskStatus status, boolean over, long line) {}

    public RemoteTaskFeed(TaskStore tasks, TaskOutputStore output, LogHub hub, Supplier<String> nodeId) {
        this.tasks = tasks;
        this.output = output;
        this.hub = hub;
        this.nodeId = nodeId;
    }

    public void start() {
        ticker = Ticker.start("remote-task-feed", TICK, TICK, this::look,
                e -> log.warn("Following other nodes' tasks failed; trying again in {} ms: {}", TICK_MS, e.toString()));
    }

    private void look() {
        if (hub.viewers() == 0) {
            // Nobody to tell: only note where the news will start, so a task made just before the first
            // viewer connects (and perhaps done before the next look) is still followed.
            seen.clear();
            done.clear();
            newestLookedAt = tasks.maxId();
            return;
        }
        tick();
    }

    /** One look: follow what other nodes run, and end what they finished. Package-private for tests. */
    void tick() {
        if (newestLookedAt < 0) {
            newestLookedAt = tasks.maxId(); // what finished before anyone watched is not live news
        }
        Set<Long> current = new HashSet<>();
        for (Task t : tasks.activeElsewhere(nodeId.get())) {
            current.add(t.id());
            follow(t);
        }
        long newest = newestLookedAt;
        for (Task t : tasks.newerElsewhere(newestLookedAt, nodeId.get())) {
            newest = Math.max(newest, t.id());
            if (!done.contains(t.id()) && current.add(t.id())) {
                follow(t); // claimed and maybe finished between two looks
            }
        }
        Set<Long> others = new HashSet<>(seen.keySet());
        others.addAll(hub.publishedFromStore());
        others.removeAll(current);
        if (!others.isEmpty()) { // finished since the last look, or waiting (again) with news from the store only
            for (Task t : tasks.findAll(others)) {
                others.remove(t.id());
                follow(t);
            }
            for (Long gone : others) { // deleted
                hub.forget(gone);
                seen.remove(gone);
            }
        }
        seen.entrySet().removeIf(e -> {
            boolean finished = e.getValue().over();
            if (finished && e.getKey() > newestLookedAt) {
                done.add(e.getKey());
            }
            return finished;
        });
        // A task still waiting may be claimed (and done) by another node before the next look, later than newer
        // ones: the next look starts below it, and skips what it already published.
        long waiting = tasks.oldestWaitingAfter(newestLookedAt);
        newestLookedAt = waiting > 0 ? Math.min(newest, waiting - 1) : newest;
        done.removeIf(id -> id <= newestLookedAt);
    }

    private void follow(Task t) {
        Seen before = seen.get(t.id());
        long line = before != null ? before.line() : Math.max(0, output.lastLine(t.id()) - BACKLOG);
        int published = 0;
        while (published < MOST_PER_TICK) {
            List<TaskOutputStore.Line> lines = output.after(t.id(), line, PAGE);
            for (TaskOutputStore.Line l : lines) {
                hub.storedLine(t.projectId(), t.id(), l.number(), l.time(), l.text());
                line = l.number();
            }
            published += lines.size();
            if (lines.size() < PAGE) {
                break;
            }
        }
        // A waiting task is first seen here when a runner's task waits on: the node that queued it said so.
        if (before == null ? t.status() != TaskStatus.WAITING
                : before.status() != t.status() || before.over() != t.runOver()) {
            hub.storedChange(t);
        }
        seen.put(t.id(), new Seen(t.status(), t.runOver(), line));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.close(Duration.ofSeconds(2)); // before the database closes under a look in progress
        }
    }
}
