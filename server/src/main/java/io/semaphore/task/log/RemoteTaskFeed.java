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

    private record Seen(TaskStatus status, long line) {}

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
        for (Long id : Set.copyOf(seen.keySet())) {
            if (!current.contains(id)) { // finished since the last look
                tasks.find(id).ifPresent(this::follow);
            }
        }
        seen.entrySet().removeIf(e -> {
            boolean finished = e.getValue().status().finished();
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
                hub.log(t.projectId(), t.id(), l.number(), l.time(), l.text());
                line = l.number();
            }
            published += lines.size();
            if (lines.size() < PAGE) {
                break;
            }
        }
        if (before == null || before.status() != t.status()) {
            hub.taskChanged(t);
        }
        seen.put(t.id(), new Seen(t.status(), line));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.close(Duration.ofSeconds(2)); // before the database closes under a look in progress
        }
    }
}
