package io.semaphore.task.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores task output without slowing the task: lines are numbered at the source, published to live viewers at
 * once ({@link LogHub}), and written to the database in batches (every {@value #FLUSH_MS} ms or
 * {@value #BATCH} lines). When the database falls more than {@value #MAX_PENDING} lines behind, producers wait:
 * the task's pipe fills and the process slows instead of memory growing without bound.
 * <p>
 * A task's output is capped ({@code max_task_output_mb}): past the cap its lines are counted, not stored, and the
 * log says so. Lines the database refuses (after retries, then one by one) are counted per task; {@link #finish}
 * reports the count, which the task keeps with its final status ({@code log_incomplete}).
 */
public final class LogWriter implements TaskLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    static final int FLUSH_MS = 100;
    static final int BATCH = 2000;
    static final int MAX_PENDING = 50_000;
    /** Lines refused one after another (each alone, and its stand-in) before the rest of a batch is given up. */
    static final int REFUSED_IN_A_ROW = 20;
    static final String LOST_LINE = "[this output line could not be stored]";

    private final TaskOutputStore store;
    private final LogHub hub;
    /** Characters of output a task may store (0: no cap). */
    private final long maxTaskChars;
    private final Map<Long, TaskLog> logs = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasWork = lock.newCondition();
    private final Condition hasRoom = lock.newCondition();
    private final Condition flushed = lock.newCondition();
    private List<TaskOutputStore.Line> pending = new ArrayList<>();
    /** The batch the flusher is writing: neither pending nor (all) stored yet. */
    private List<TaskOutputStore.Line> inFlight = List.of();
    private long written;
    private long queued;
    private volatile boolean closed;
    /** Started with the first line (guarded by {@link #lock}): offline commands that build the services never write. */
    private Thread flusher;

    /** One task's log while lines are added: numbering, the cap, and lines lost. */
    private static final class TaskLog {
        final AtomicLong number;
        final AtomicLong chars = new AtomicLong();
        final AtomicLong overCap = new AtomicLong();
        final AtomicLong lost = new AtomicLong();

        TaskLog(long lastNumber) {
            this.number = new AtomicLong(lastNumber);
        }
    }

    /** @param maxTaskChars characters of output each task may store; 0 for no cap */
    public LogWriter(TaskOutputStore store, LogHub hub, long maxTaskChars) {
        this.store = store;
        this.hub = hub;
        this.maxTaskChars = maxTaskChars;
    }

    /**
     * Numbers a task's lines from 1 without looking at the table: for a task just claimed from the queue, which
     * has no output yet (nothing writes lines for a waiting task).
     */
    @Override
    public void openNew(long taskId) {
        logs.putIfAbsent(taskId, new TaskLog(0));
    }

    /**
     * Adds one line of a task's output; numbering continues after what is stored (e.g. a line about a crash). Past
     * the task's cap the line is only counted; the first one over it adds a line saying so.
     */
    @Override
    public void append(long taskId, int projectId, Instant time, String text) {
        TaskLog t = taskLog(taskId);
        if (maxTaskChars > 0 && t.chars.addAndGet(text.length()) > maxTaskChars) {
            if (t.overCap.getAndIncrement() == 0) {
                add(t, taskId, projectId, time, "Output limit of " + megabytes() + " reached: further output of"
                        + " this task is not stored (the task goes on)");
            }
            return;
        }
        add(t, taskId, projectId, time, text);
    }

    /** Adds a line of the engine's own (start, end, failure), which the output cap does not hold back. */
    @Override
    public void note(long taskId, int projectId, Instant time, String text) {
        add(taskLog(taskId), taskId, projectId, time, text);
    }

    private TaskLog taskLog(long taskId) {
        TaskLog t = logs.get(taskId); // no lambda allocated on the hot path
        return t != null ? t : logs.computeIfAbsent(taskId, id -> new TaskLog(store.lastLine(id)));
    }

    private String megabytes() {
        return String.format(java.util.Locale.ROOT, "%,d MB", maxTaskChars / (1024 * 1024));
    }

    private void add(TaskLog t, long taskId, int projectId, Instant time, String text) {
        long n = t.number.incrementAndGet();
        TaskOutputStore.Line line = new TaskOutputStore.Line(taskId, n, time, text);
        lock.lock();
        try {
            while (pending.size() >= MAX_PENDING && !closed) {
                hasRoom.awaitUninterruptibly();
            }
            if (flusher == null) {
                flusher = Thread.ofVirtual().name("log-writer").start(this::run);
            }
            pending.add(line);
            queued++;
            if (pending.size() >= BATCH) {
                hasWork.signal();
            }
        } finally {
            lock.unlock();
        }
        // Published only once readable through read(): a browser that loads the output after seeing this line
        // live finds it there.
        hub.log(projectId, taskId, n, time, text);
    }

    /**
     * Lines {@code offset+1 .. offset+limit} of a task's output ({@code limit <= 0}: all): the stored ones, then
     * those still waiting to be stored, so every line already published live is included. The result is always a
     * gap-free run of lines in order (at worst a little shorter than possible while two threads append at once).
     */
    @Override
    public List<TaskOutput> read(long taskId, long offset, int limit) {
        long writtenBefore = writtenSoFar();
        List<TaskOutput> out = new ArrayList<>(store.read(taskId, offset, limit));
        if (limit > 0 && out.size() >= limit) {
            return out;
        }
        Unstored memory = unstored(taskId);
        long next = offset + out.size() + 1; // stored lines are numbered 1, 2, 3 … without gaps
        if (memory.written() != writtenBefore) {
            // a batch left memory between the two looks (lines leave memory only once stored): read on from the store
            out.addAll(store.read(taskId, next - 1, limit > 0 ? limit - out.size() : 0));
            next = offset + out.size() + 1;
        }
        for (TaskOutputStore.Line l : memory.lines()) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            if (l.number() == next) {
                out.add(new TaskOutput(taskId, "", l.time(), l.text()));
                next++;
            } else if (l.number() > next) {
                break; // a line numbered but not added yet by another thread: stop before the gap
            }
        }
        return out;
    }

    /** A task's lines in memory, and how many lines had been stored at that moment (all tasks). */
    private record Unstored(List<TaskOutputStore.Line> lines, long written) {}

    private long writtenSoFar() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }

    private Unstored unstored(long taskId) {
        List<TaskOutputStore.Line> out = new ArrayList<>();
        long stored;
        lock.lock();
        try {
            stored = written;
            for (TaskOutputStore.Line l : inFlight) {
                if (l.taskId() == taskId) {
                    out.add(l);
                }
            }
            for (TaskOutputStore.Line l : pending) {
                if (l.taskId() == taskId) {
                    out.add(l);
                }
            }
        } finally {
            lock.unlock();
        }
        out.sort(java.util.Comparator.comparingLong(TaskOutputStore.Line::number)); // two threads may add out of order
        return new Unstored(out, stored);
    }

    /**
     * Ends a task's log before its final status is saved: adds a last line when output was over the cap, waits
     * until every line appended so far is stored (or refused), and returns what was not stored.
     */
    @Override
    public Outcome finish(long taskId, int projectId, Instant time) {
        TaskLog t = logs.get(taskId);
        long overCap = t == null ? 0 : t.overCap.get();
        if (overCap > 0) {
            note(taskId, projectId, time, String.format(java.util.Locale.ROOT,
                    "Output limit of %s reached: %,d further lines were not stored", megabytes(), overCap));
        }
        lock.lock();
        try {
            long target = queued;
            hasWork.signal();
            while (written < target && !closed) {
                flushed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        logs.remove(taskId);
        return new Outcome(t == null ? 0 : t.lost.get(), overCap);
    }

    private void run() {
        while (true) {
            List<TaskOutputStore.Line> batch;
            lock.lock();
            try {
                if (pending.isEmpty()) {
                    if (closed) {
                        return;
                    }
                    try {
                        hasWork.await(FLUSH_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                batch = pending;
                inFlight = batch;
                pending = new ArrayList<>(Math.min(BATCH, Math.max(16, batch.size())));
                hasRoom.signalAll();
            } finally {
                lock.unlock();
            }
            write(batch);
            lock.lock();
            try {
                inFlight = List.of();
                written += batch.size();
                flushed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void write(List<TaskOutputStore.Line> batch) {
        for (int from = 0; from < batch.size(); from += BATCH) {
            List<TaskOutputStore.Line> part = batch.subList(from, Math.min(batch.size(), from + BATCH));
            for (int attempt = 1; ; attempt++) {
                try {
                    store.append(part);
                    break;
                } catch (RuntimeException e) {
                    if (attempt >= 5) {
                        log.error("Could not store {} output lines (first of task {}) after {} attempts; storing them"
                                + " one by one", part.size(), part.getFirst().taskId(), attempt, e);
                        writeOneByOne(part);
                        break;
                    }
                    log.warn("Storing task output failed (attempt {}), retrying: {}", attempt, e.getMessage());
                    try {
                        Thread.sleep(200L * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        lose(part);
                        return;
                    }
                }
            }
        }
    }

    /**
     * After a batch failed: each line alone, so one line the database refuses (or one task's) costs only that. A
     * refused line is replaced by a stand-in with its number, which keeps the stored numbering without gaps (pages
     * of {@code /output} count lines); it is counted as lost either way. When the database refuses
     * {@value #REFUSED_IN_A_ROW} lines and their stand-ins in a row (a full disk), the rest is lost without trying.
     */
    private void writeOneByOne(List<TaskOutputStore.Line> part) {
        int refusedInARow = 0;
        for (int i = 0; i < part.size(); i++) {
            TaskOutputStore.Line line = part.get(i);
            if (refusedInARow >= REFUSED_IN_A_ROW) {
                lose(part.subList(i, part.size()));
                return;
            }
            if (tryStore(line)) {
                refusedInARow = 0;
                continue;
            }
            lose(List.of(line));
            if (tryStore(new TaskOutputStore.Line(line.taskId(), line.number(), line.time(), LOST_LINE))) {
                refusedInARow = 0;
            } else {
                refusedInARow++;
            }
        }
    }

    private boolean tryStore(TaskOutputStore.Line line) {
        try {
            store.append(List.of(line));
            return true;
        } catch (RuntimeException e) {
            log.warn("Output line {} of task {} could not be stored: {}", line.number(), line.taskId(), e.getMessage());
            return false;
        }
    }

    private void lose(List<TaskOutputStore.Line> lines) {
        for (TaskOutputStore.Line l : lines) {
            TaskLog t = logs.get(l.taskId());
            if (t != null) {
                t.lost.incrementAndGet();
            }
        }
        if (!lines.isEmpty()) {
            log.error("{} output lines of task {} are lost", lines.size(), lines.getFirst().taskId());
        }
    }

    @Override
    public void publishFromStore(long taskId) {
        hub.publishFromStore(taskId);
    }

    @Override
    public void subscribe(LogHub.Viewer viewer) {
        hub.add(viewer);
    }

    @Override
    public void unsubscribe(LogHub.Viewer viewer) {
        hub.remove(viewer);
    }

    @Override
    public LiveTails tails() {
        return hub.tails();
    }

    @Override
    public int viewers() {
        return hub.viewers();
    }

    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            running = flusher;
            hasWork.signal();
            hasRoom.signalAll();
        } finally {
            lock.unlock();
        }
        if (running == null) {
            return;
        }
        try {
            running.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
