package io.semaphore.task.state;

import java.time.Instant;
import java.util.List;

/**
 * A template's runs in figures (ours, {@code GET /api/project/{id}/templates/{id}/run_stats}): how many tasks,
 * how many ended and how, the share of the ended ones that succeeded (null before any ended), their mean duration,
 * and the durations of the last finished runs, oldest first (the trend).
 */
public record TemplateRunStats(int templateId, long runs, long finished, long success, long failed, long stopped,
                               Double successRate, Double averageDurationSec, List<Run> recent) {
    /** One finished run: its task, final status, when it was queued and how long it ran (seconds). */
    public record Run(long taskId, String status, Instant created, double durationSec) {}
}
