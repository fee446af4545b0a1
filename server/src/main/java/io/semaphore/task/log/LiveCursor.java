package io.semaphore.task.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.semaphore.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;

/**
 * Where one live viewer is in each task's {@link LiveTails}: at each tick it reads what arrived since and turns it
 * into text frames. Two frame forms:
 * <ul>
 *   <li>batches (our browser asks for them): {@code {"type":"logs","task_id":…,"project_id":…,"lines":[{"line":n,
 *   "time":…,"output":…},…]}}, at most {@value #FRAME_LINES} lines each;</li>
 *   <li>Semaphore's one message per line, {@code {"type":"log",…}}, for clients that did not ask.</li>
 * </ul>
 * A viewer reads every {@link #tickMs} ms at most its budget of lines (all viewers together about
 * {@value #LINES_PER_SECOND} a second, at least {@value #MIN_LINES_PER_TICK} each per tick): a task that prints faster is shown by its newest lines, and
 * the numbers tell the browser which lines it skipped. The budget keeps the CPU the viewers cost small beside the
 * task's own (bench/engine (c)); a person reads far fewer lines than it lets through.
 */
public final class LiveCursor {
    /** How often a viewer with live tasks reads (ms): every 50 ms, less often with many viewers (their frames cost). */
    static final int TICK_MS = 50;
    static final int SLOWEST_TICK_MS = 250;
    static final int FRAME_LINES = 1000;
    /** Lines a second shared by all viewers, and the least and most one viewer reads per tick. */
    static final int LINES_PER_SECOND = 100_000;
    static final int MIN_LINES_PER_TICK = 25;
    static final int MAX_LINES_PER_TICK = 2_000;

    /** Task id → number of the last line sent. */
    private final Map<Long, Long> sent = new HashMap<>();

    /** How long a viewer waits between reads while {@code viewers} are connected (ms). */
    public static int tickMs(int viewers) {
        return Math.clamp(viewers, TICK_MS, SLOWEST_TICK_MS);
    }

    /** The lines one viewer may read per tick while {@code viewers} are connected. */
    public static int budget(int viewers) {
        long perTick = (long) LINES_PER_SECOND * tickMs(viewers) / 1000 / Math.max(1, viewers);
        return (int) Math.clamp(perTick, MIN_LINES_PER_TICK, MAX_LINES_PER_TICK);
    }

    /**
     * The frames to send now: new lines of the tasks this viewer wants and may see, at most {@code maxLines} per
     * task.
     */
    public List<String> frames(LiveTails tails, LongPredicate wants, IntPredicate canSee, boolean batches, int maxLines) {
        List<String> frames = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        for (LiveTails.Tail t : tails.all()) {
            present.add(t.taskId);
            if (!wants.test(t.taskId) || !canSee.test(t.projectId)) {
                continue;
            }
            Long last = sent.get(t.taskId);
            LiveTails.Read read = t.after(last != null ? last : t.first() - 1, maxLines);
            if (read.lines().isEmpty()) {
                continue;
            }
            sent.put(t.taskId, read.lines().getLast().number);
            if (batches) {
                addBatches(frames, t, read.lines());
            } else {
                for (LiveTails.Line l : read.lines()) {
                    frames.add(message(t, l));
                }
            }
        }
        sent.keySet().retainAll(present);
        return frames;
    }

    private static void addBatches(List<String> frames, LiveTails.Tail t, List<LiveTails.Line> lines) {
        String head = "{\"type\":\"logs\",\"task_id\":" + t.taskId + ",\"project_id\":" + t.projectId + ",\"lines\":[";
        for (int from = 0; from < lines.size(); from += FRAME_LINES) {
            int to = Math.min(lines.size(), from + FRAME_LINES);
            int size = head.length() + 2;
            for (int i = from; i < to; i++) {
                size += batchJson(lines.get(i)).length() + 1;
            }
            StringBuilder b = new StringBuilder(size).append(head);
            for (int i = from; i < to; i++) {
                if (i > from) {
                    b.append(',');
                }
                b.append(batchJson(lines.get(i)));
            }
            frames.add(b.append("]}").toString());
        }
    }

    private static String batchJson(LiveTails.Line l) {
        String s = l.batchJson;
        if (s == null) {
            s = "{\"line\":" + l.number + ",\"time\":\"" + l.time + "\",\"output\":" + quoted(l.text) + "}";
            l.batchJson = s;
        }
        return s;
    }

    /** Semaphore's log message, plus {@code line}; task_id and project_id last (browsers read them from the end). */
    private static String message(LiveTails.Tail t, LiveTails.Line l) {
        String s = l.messageJson;
        if (s == null) {
            s = "{\"type\":\"log\",\"output\":" + quoted(l.text) + ",\"time\":\"" + l.time + "\",\"line\":" + l.number
                    + ",\"task_id\":" + t.taskId + ",\"project_id\":" + t.projectId + "}";
            l.messageJson = s;
        }
        return s;
    }

    /** The text as a JSON string; plain ASCII (most output) is copied as it is, anything else goes through Jackson. */
    static String quoted(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
                try {
                    return Json.MAPPER.writeValueAsString(text);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return '"' + text + '"';
    }
}
