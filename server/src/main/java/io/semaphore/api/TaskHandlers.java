package io.semaphore.api;

import io.semaphore.task.TaskRequest;
import io.semaphore.task.TaskService;
import io.semaphore.task.log.TaskOutput;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskFilter;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.json.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.semaphore.errors.ValidationException;
import io.semaphore.template.TemplateService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code /api/project/{project_id}/tasks} and {@code /templates/{template_id}/tasks}. */
final class TaskHandlers {
    private static final int ALL = 1000;
    private static final int LAST = 200;
    private static final int RAW_PAGE = 10_000;

    private final TaskService tasks;
    private final TemplateService templates;

    TaskHandlers(TaskService tasks, TemplateService templates) {
        this.tasks = tasks;
        this.templates = templates;
    }

    record StopRequest(Boolean force) {}

    /** Query parameters of ours on {@code GET .../tasks}: without any, Semaphore's answer (the newest 1000). */
    private static final List<String> FILTERS = List.of("status", "template_id", "user_id", "from", "to", "offset", "limit");
    private static final int RECENT_RUNS = 30;

    /**
     * Semaphore's list; with any of our query parameters a filtered page of it (newest first): {@code status}
     * (comma-separated), {@code template_id}, {@code user_id}, {@code from} and {@code to} (dates, UTC, both
     * included, or ISO-8601 instants, {@code to} excluded), {@code offset} and {@code limit} (at most 1000). The
     * body stays an array; header {@code X-Total-Count} says how many tasks pass the filter.
     */
    void list(Context ctx) {
        int projectId = Params.projectId(ctx);
        if (FILTERS.stream().noneMatch(f -> ctx.queryParam(f) != null)) {
            ctx.json(tasks.list(projectId, null, ALL));
            return;
        }
        Integer templateId = optionalId(ctx, "template_id");
        if (templateId != null) {
            templateId = templates.get(projectId, templateId).id(); // 404 naming a template of another project
        }
        Instant from = time(ctx, "from", false);
        Instant to = time(ctx, "to", true);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new ValidationException("Query parameter 'to' must be after 'from'");
        }
        TaskFilter filter = new TaskFilter(statuses(ctx.queryParam("status")), templateId, optionalId(ctx, "user_id"), from, to);
        long offset = number(ctx, "offset", 0);
        long limit = number(ctx, "limit", ALL);
        if (limit < 1 || limit > ALL) {
            throw new ValidationException("Query parameter 'limit' must be between 1 and " + ALL);
        }
        if (offset > Integer.MAX_VALUE) {
            throw new ValidationException("Query parameter 'offset' is too large");
        }
        TaskService.HistoryPage page = tasks.history(projectId, filter, (int) offset, (int) limit);
        ctx.header("X-Total-Count", Long.toString(page.total()));
        ctx.json(page.tasks());
    }

    /** Ours: a template's runs in figures and the durations of its last runs ({@value #RECENT_RUNS}). */
    void runStats(Context ctx) {
        ctx.json(tasks.runStats(Params.projectId(ctx), Params.id(ctx, "template_id"), RECENT_RUNS));
    }

    private static List<TaskStatus> statuses(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<TaskStatus> out = new java.util.ArrayList<>();
        for (String s : text.split(",")) {
            String name = s.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(TaskStatus.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("Query parameter 'status': unknown status '" + name + "'; use one or more"
                        + " (comma-separated) of " + java.util.Arrays.stream(TaskStatus.values()).map(TaskStatus::json)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        return out;
    }

    private static Integer optionalId(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int id = Integer.parseInt(v.trim());
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new ValidationException("Query parameter '" + name + "' must be a positive whole number (an id)");
        }
    }

    /** A date (UTC; {@code to} includes the whole day) or an ISO-8601 instant such as 2024-05-01T12:00:00Z. */
    private static Instant time(Context ctx, String name, boolean endOfRange) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        String text = v.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfRange ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException("Query parameter '" + name + "' must be a date such as 2024-05-01 or an"
                    + " instant such as 2024-05-01T12:00:00Z");
        }
    }

    void last(Context ctx) {
        page(ctx, null);
    }

    /**
     * Semaphore's history paging: {@code count} (or the older {@code limit}) tasks, newest first, default and at most
     * {@value #LAST}; {@code before} a task id, for the tasks older than it; {@code X-Has-Next} tells whether older
     * tasks follow.
     */
    private void page(Context ctx, Integer templateId) {
        String before = ctx.queryParam("before");
        Long beforeId = before == null || before.isBlank() ? null : number(ctx, "before", 0);
        TaskService.Page page = tasks.page(Params.projectId(ctx), templateId, beforeId, limit(ctx));
        ctx.header("X-Has-Next", String.valueOf(page.hasNext()));
        ctx.json(page.tasks());
    }

    /** A template that is missing or another project's is a 404 naming it, not an empty list. */
    void templateTasks(Context ctx) {
        ctx.json(tasks.list(Params.projectId(ctx), templateId(ctx), ALL));
    }

    void templateLast(Context ctx) {
        page(ctx, templateId(ctx));
    }

    private int templateId(Context ctx) {
        return templates.get(Params.projectId(ctx), Params.id(ctx, "template_id")).id();
    }

    void get(Context ctx) {
        ctx.json(tasks.get(Params.projectId(ctx), Params.id(ctx, "task_id")));
    }

    void create(Context ctx) {
        Task t = tasks.start(Params.user(ctx), ctx.attribute(AccessFilter.ROLE), Params.projectId(ctx),
                Bodies.read(ctx, TaskRequest.class));
        ctx.status(201).json(t);
    }

    /**
     * The whole output as Semaphore returns it (a JSON array of lines); {@code offset} and {@code limit} page
     * through big logs. Written page by page as it is read, so a million lines need little memory (built whole,
     * that answer took ~480 MB of heap).
     */
    void output(Context ctx) throws IOException {
        int projectId = Params.projectId(ctx);
        long id = Params.id(ctx, "task_id");
        long offset = number(ctx, "offset", 0);
        long limit = number(ctx, "limit", 0);
        tasks.get(projectId, id); // a missing task is a 404 before anything is written
        ctx.contentType("application/json");
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.writeStartArray();
            forEachPage(projectId, id, offset, limit, page -> {
                for (TaskOutput line : page) {
                    json.writePOJO(line);
                }
            });
            json.writeEndArray();
        }
    }

    /**
     * Plain text, one line per output line, streamed page by page so a million lines need little memory. Ours:
     * {@code timestamps=wall|relative} puts each line's time (UTC, or since the task started) before it, and
     * {@code ansi=false} leaves out terminal escape codes.
     */
    void rawOutput(Context ctx) throws IOException {
        int projectId = Params.projectId(ctx);
        long id = Params.id(ctx, "task_id");
        Task task = tasks.get(projectId, id);
        io.semaphore.task.log.LogText.Timestamps stamps;
        try {
            stamps = io.semaphore.task.log.LogText.Timestamps.parse(ctx.queryParam("timestamps"));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Query parameter 'timestamps' must be none, wall or relative");
        }
        String ansi = ctx.queryParam("ansi");
        if (ansi != null && !ansi.equals("true") && !ansi.equals("false")) {
            throw new ValidationException("Query parameter 'ansi' must be true or false");
        }
        boolean stripAnsi = "false".equals(ansi);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"task-" + id + ".log\"");
        OutputStream out = ctx.outputStream();
        forEachPage(projectId, id, 0, 0, page -> {
            StringBuilder b = new StringBuilder(page.size() * 64);
            for (TaskOutput line : page) {
                b.append(stamps.prefix(line.time(), task.start()))
                        .append(stripAnsi ? io.semaphore.task.log.LogText.withoutAnsi(line.output()) : line.output()).append('\n');
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        });
        out.flush();
    }

    private interface PageWriter {
        void write(List<TaskOutput> page) throws IOException;
    }

    /** Lines {@code offset+1 ..} ({@code limit} of them, or all when 0) in pages of {@value #RAW_PAGE}, in order. */
    private void forEachPage(int projectId, long id, long offset, long limit, PageWriter writer) throws IOException {
        long from = offset;
        long left = limit > 0 ? limit : Long.MAX_VALUE;
        while (left > 0) {
            int size = (int) Math.min(RAW_PAGE, left);
            List<TaskOutput> page = tasks.output(projectId, id, from, size);
            writer.write(page);
            if (page.size() < size) {
                return;
            }
            from += page.size();
            left -= page.size();
        }
    }

    void stop(Context ctx) {
        StopRequest r = ctx.body().isBlank() ? new StopRequest(false) : Bodies.read(ctx, StopRequest.class);
        tasks.stop(Params.user(ctx), Params.projectId(ctx), Params.id(ctx, "task_id"), Boolean.TRUE.equals(r.force()));
        ctx.status(204);
    }

    void confirm(Context ctx) {
        tasks.confirm(Params.projectId(ctx), Params.id(ctx, "task_id"));
        ctx.status(204);
    }

    void reject(Context ctx) {
        tasks.reject(Params.projectId(ctx), Params.id(ctx, "task_id"));
        ctx.status(204);
    }

    void delete(Context ctx) {
        tasks.delete(Params.user(ctx), Params.projectId(ctx), Params.id(ctx, "task_id"));
        ctx.status(204);
    }

    /** Semaphore's admin view of the queue: {@code [{task_id, project_id, username, runner_id, status, location}]}. */
    record QueuedTask(long taskId, int projectId, String username, Integer runnerId, String status, String location) {}

    private static QueuedTask queued(Task t) {
        return new QueuedTask(t.id(), t.projectId(), t.userName(), null, t.status().json(),
                t.status() == io.semaphore.task.state.TaskStatus.WAITING ? "queue" : "running");
    }

    void queue(Context ctx) {
        ctx.json(tasks.unfinished().stream().map(TaskHandlers::queued).toList());
    }

    void queued(Context ctx) {
        ctx.json(queued(tasks.get((long) Params.id(ctx, "task_id"))));
    }

    void stopQueued(Context ctx) {
        Task t = tasks.get((long) Params.id(ctx, "task_id"));
        tasks.stop(Params.user(ctx), t.projectId(), t.id(), false);
        ctx.status(204);
    }

    private static int limit(Context ctx) {
        String count = ctx.queryParam("count");
        long l = count != null && !count.isBlank() ? number(ctx, "count", LAST) : number(ctx, "limit", LAST);
        return (int) Math.min(LAST, l <= 0 ? LAST : l);
    }

    private static long number(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ValidationException("Query parameter '" + name + "' must be a whole number of 0 or more");
        }
    }
}
