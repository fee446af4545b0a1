package io.semaphore.task;

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
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    static final int FLUSH_MS = 100;
    static final int BATCH = 2000;
    static final int MAX_PENDING = 50_000;

    private final TaskOutputStore store;
    private final LogHub hub;
    private final Map<Long, AtomicLong> numbers = new ConcurrentHashMap<>();
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
    private final Thread flusher;

    public LogWriter(TaskOutputStore store, LogHub hub) {
        this.store = store;
        this.hub = hub;
        this.flusher = Thread.ofVirtual().name("log-writer").start(this::run);
    }

    /**
     * Numbers a task's lines from 1 without looking at the table: for a task just claimed from the queue, which
     * has no output yet (nothing writes lines for a waiting task).
     */
    void openNew(long taskId) {
        numbers.putIfAbsent(taskId, new AtomicLong());
    }

    /** Adds one line of a task's output; numbering continues after what is stored (e.g. a line about a crash). */
    public void append(long taskId, int projectId, Instant time, String text) {
        long n = numbers.computeIfAbsent(taskId, id -> new AtomicLong(store.lastLine(id))).incrementAndGet();
        TaskOutputStore.Line line = new TaskOutputStore.Line(taskId, n, time, text);
        lock.lock();
        try {
            while (pending.size() >= MAX_PENDING && !closed) {
                hasRoom.awaitUninterruptibly();
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

    /** Waits until every line appended so far is stored; called before a task's final status is saved. */
    public void flush(long taskId) {
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
        numbers.remove(taskId);
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
                        log.error("Could not store {} output lines of task {} after {} attempts; they are lost",
                                part.size(), part.getFirst().taskId(), attempt, e);
                        break;
                    }
                    log.warn("Storing task output failed (attempt {}), retrying: {}", attempt, e.getMessage());
                    try {
                        Thread.sleep(200L * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            hasWork.signal();
            hasRoom.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
