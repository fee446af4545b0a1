package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.errors.ValidationException;
import io.semaphore.task.LogSearch;
import io.semaphore.task.TaskService;

/** {@code GET /api/project/{project_id}/tasks/{task_id}/output/search}: ours, see docs/api-compatibility.md. */
final class LogSearchHandlers {
    private static final int DEFAULT_LIMIT = 1000;
    private final LogSearch search;

    LogSearchHandlers(TaskService tasks) {
        this.search = new LogSearch(tasks);
    }

    void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isEmpty()) {
            throw new ValidationException("Query parameter 'q' is required: the text to find in the task's output");
        }
        if (q.length() > 1000) {
            throw new ValidationException("Query parameter 'q' is too long: at most 1000 characters");
        }
        long offset = number(ctx, "offset", 0, Long.MAX_VALUE);
        int limit = (int) number(ctx, "limit", DEFAULT_LIMIT, LogSearch.MAX_LIMIT);
        String matchCase = ctx.queryParam("case");
        if (matchCase != null && !matchCase.equals("true") && !matchCase.equals("false")) {
            throw new ValidationException("Query parameter 'case' must be true or false");
        }
        LogSearch.Result r = search.search(Params.projectId(ctx), Params.id(ctx, "task_id"), q,
                "true".equals(matchCase), offset, limit);
        ctx.json(new Answer(r.query(), r.total(), r.offset(), r.limit(), r.lines(), r.scanned()));
    }

    record Answer(String query, long total, long offset, int limit, java.util.List<Long> lines, long linesSearched) {}

    private static long number(Context ctx, String name, long fallback, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new ValidationException("Query parameter '" + name + "' must be a whole number from 0 to " + max);
    }
}
