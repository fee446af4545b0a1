package io.semaphore.task.state;

import java.time.Instant;
import java.util.List;

/**
 * Which tasks of a project a history page lists (ours, the query parameters of {@code GET /tasks}): any of the
 * statuses (empty: all), one template, one user, created at or after {@code from} and before {@code to}; null
 * fields do not filter.
 */
public record TaskFilter(List<TaskStatus> statuses, Integer templateId, Integer userId, Instant from, Instant to) {
    public static final TaskFilter NONE = new TaskFilter(List.of(), null, null, null, null);

    public TaskFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }

    public TaskFilter withTemplate(Integer template) {
        return new TaskFilter(statuses, template, userId, from, to);
    }
}
