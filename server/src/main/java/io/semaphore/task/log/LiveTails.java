package io.semaphore.task.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest lines of each running task, kept once for all live viewers. A task's output is appended here once per
 * line (no copy per viewer, no serialization until a viewer needs the line); each viewer reads at its own pace from
 * where it stopped ({@link LiveCursor}). A viewer that falls behind what is kept, or behind by more than it may send
 * at once, skips ahead to the newest lines: it is never dropped and never slows the task, and the lines it skipped
 * are in the stored log (the browser pages them from {@code /output}). Lines of a task that ended stay
 * {@link #KEEP_AFTER_END_MS} ms, so a viewer's last read still finds them.
 */
public final class LiveTails {
    /** Lines kept per task, and their characters: a viewer further behind skips ahead. */
    static final int MAX_LINES = 20_000;
    static final long MAX_CHARS = 4L << 20;
    static final long KEEP_AFTER_END_MS = 30_000;
    /** Lines that arrived before a lower-numbered one (two threads append at once) wait at most this many. */
    private static final int MAX_EARLY = 1_000;

    private final Map<Long, Tail> tails = new ConcurrentHashMap<>();
    private final Runnable onNewTail;

    /** @param onNewTail told when a task's first line arrives (idle viewers wake up to read it) */
    public LiveTails(Runnable onNewTail) {
        this.onNewTail = onNewTail;
    }

    /** One stored-numbered output line; its JSON forms are made once, by the first viewer that sends it. */
    public static final class Line {
        public final long number;
        public final Instant time;
        public final String text;
        volatile String batchJson;
        volatile String messageJson;

        Line(long number, Instant time, String text) {
            this.number = number;
            this.time = time;
            this.text = text;
        }
    }

    /** What a viewer reads: the lines after its cursor, and the lines it skipped to get there (none: from > to). */
    public record Read(long skippedFrom, long skippedTo, List<Line> lines) {
        public boolean skipped() {
            return skippedFrom <= skippedTo;
        }
    }

    /** One task's kept lines: a ring numbered like the stored log, in order without gaps from {@code first}. */
    public static final class Tail {
        public final long taskId;
        public final int projectId;
        private Line[] ring = new Line[64];
        /** Number of the oldest kept line, and of the newest line such that every line up to it arrived. */
        private long first;
        private long head;
        private long chars;
        private final TreeMap<Long, Line> early = new TreeMap<>();
        private volatile long endedAt;

        Tail(long taskId, int projectId, long firstNumber) {
            this.taskId = taskId;
            this.projectId = projectId;
            this.first = firstNumber;
            this.head = firstNumber - 1;
        }

        synchronized void add(long number, Instant time, String text) {
            if (number <= head) {
                return; // older than what viewers were already given (arrived very late): the stored log has it
            }
            Line line = new Line(number, time, text);
            if (number != head + 1) {
                early.put(number, line);
                if (early.size() > MAX_EARLY) { // the missing line is not coming: go on past it
                    Map.Entry<Long, Line> e = early.pollFirstEntry();
                    ring = new Line[64];
                    base = 0;
                    chars = 0;
                    first = e.getKey();
                    head = first - 1;
                    put(e.getValue());
                    drainEarly();
                }
                return;
            }
            put(line);
            drainEarly();
        }

        private void drainEarly() {
            while (!early.isEmpty() && early.firstKey() == head + 1) {
                put(early.pollFirstEntry().getValue());
            }
        }

        private int count() {
            return (int) (head - first + 1);
        }

        private void put(Line line) {
            int n = count();
            if (n == ring.length) {
                if (ring.length < MAX_LINES) {
                    Line[] bigger = new Line[Math.min(MAX_LINES, ring.length * 2)];
                    for (int i = 0; i < n; i++) {
                        bigger[i] = at(first + i);
                    }
                    ring = bigger;
                    // re-based: slot of number k is (k - first) % length from now on
                    base = first;
                } else {
                    evictOldest();
                }
            }
            head = line.number;
            ring[slot(head)] = line;
            chars += line.text.length();
            while (chars > MAX_CHARS && count() > 1) {
                evictOldest();
            }
        }

        /** The number whose slot is 0. */
        private long base;

        private int slot(long number) {
            return (int) Math.floorMod(number - base, (long) ring.length);
        }

        private Line at(long number) {
            return ring[slot(number)];
        }

        private void evictOldest() {
            int s = slot(first);
            chars -= ring[s].text.length();
            ring[s] = null;
            first++;
        }

        /**
         * The lines after {@code after}, at most {@code max} of them: when more are waiting, or some were evicted,
         * the oldest ones are skipped.
         */
        public synchronized Read after(long after, int max) {
            long from = after + 1;
            long skipFrom = from;
            if (from < first) {
                from = first;
            }
            if (head - from + 1 > max) {
                from = head - max + 1;
            }
            List<Line> out = new ArrayList<>((int) Math.max(0, Math.min(max, head - from + 1)));
            for (long n = from; n <= head; n++) {
                out.add(at(n));
            }
            return new Read(skipFrom, from - 1, out);
        }

        /** Number of the newest line every earlier one of which has arrived. */
        public synchronized long head() {
            return head;
        }

        /** Number of the oldest line kept. */
        public synchronized long first() {
            return first;
        }

        public boolean ended() {
            return endedAt != 0;
        }
    }

    /** Adds a task's line. The first line of a task makes its tail, numbered from that line on. */
    public void append(int projectId, long taskId, long number, Instant time, String text) {
        Tail t = tails.get(taskId);
        if (t == null) {
            boolean[] made = {false};
            t = tails.computeIfAbsent(taskId, id -> {
                made[0] = true;
                return new Tail(id, projectId, number);
            });
            if (made[0]) {
                retireEnded();
                onNewTail.run();
            }
        }
        t.add(number, time, text);
    }

    /** The task has ended: its lines are forgotten {@link #KEEP_AFTER_END_MS} ms from now. */
    public void ended(long taskId) {
        Tail t = tails.get(taskId);
        if (t != null && t.endedAt == 0) {
            t.endedAt = System.currentTimeMillis();
        }
    }

    /** The tails of running tasks (and of recently ended ones). */
    public Collection<Tail> all() {
        retireEnded();
        return tails.values();
    }

    public boolean isEmpty() {
        return tails.isEmpty();
    }

    public Tail get(long taskId) {
        return tails.get(taskId);
    }

    private void retireEnded() {
        long now = System.currentTimeMillis();
        tails.values().removeIf(t -> t.endedAt != 0 && now - t.endedAt > KEEP_AFTER_END_MS);
    }
}
