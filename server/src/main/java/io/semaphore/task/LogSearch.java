package io.semaphore.task;

import io.semaphore.task.log.LogText;
import io.semaphore.task.log.TaskOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds text in a task's whole output on the server, so a page holding only some of a million lines can count the
 * matches and jump to any of them. Lines are compared as shown (without ANSI codes), ignoring case unless asked;
 * the output is read in pages, so memory stays small whatever the log's length.
 */
public final class LogSearch {
    static final int PAGE = 10_000;
    /** Most match numbers one answer carries. */
    public static final int MAX_LIMIT = 5_000;

    private final TaskService tasks;

    public LogSearch(TaskService tasks) {
        this.tasks = tasks;
    }

    /**
     * @param total       every matching line of the log
     * @param lines       line numbers (1-based, as on the page) of matches {@code offset+1 .. offset+limit}
     * @param scanned     lines looked at (the log's length when it was read)
     */
    public record Result(String query, long total, long offset, int limit, List<Long> lines, long scanned) {}

    public Result search(int projectId, long taskId, String query, boolean matchCase, long offset, int limit) {
        tasks.get(projectId, taskId); // 404 for a task that is missing or another project's
        String needle = matchCase ? query : query.toLowerCase(Locale.ROOT);
        List<Long> found = new ArrayList<>(Math.min(limit, 1024));
        long total = 0;
        long from = 0;
        while (true) {
            List<TaskOutput> page = tasks.output(projectId, taskId, from, PAGE);
            for (int i = 0; i < page.size(); i++) {
                String text = LogText.withoutAnsi(page.get(i).output());
                if ((matchCase ? text : text.toLowerCase(Locale.ROOT)).contains(needle)) {
                    if (total >= offset && found.size() < limit) {
                        found.add(from + i + 1);
                    }
                    total++;
                }
            }
            from += page.size();
            if (page.size() < PAGE) {
                break;
            }
        }
        return new Result(query, total, offset, limit, found, from);
    }
}
