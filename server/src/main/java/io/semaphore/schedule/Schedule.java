package io.semaphore.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A schedule (table {@code project__schedule}); JSON as Semaphore's {@code Schedule} ({@code type} "" for cron,
 * "run_at" for one run at {@code run_at}; {@code tpl_name} in the project's list only). Ours, read-only:
 * {@code next_run_at} (the due time not handled yet; null when inactive or done), {@code last_run_at} (the last due
 * time that started a task), {@code last_missed_at} and {@code missed_runs} (due times skipped because no server was
 * running then; see {@link ScheduleFiring}).
 */
public record Schedule(int id, int projectId, int templateId, String cronFormat, String name, boolean active,
                       String type, boolean deleteAfterRun, Integer repositoryId,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Instant runAt, JsonNode taskParams,
                       Instant nextRunAt, Instant lastRunAt, Instant lastMissedAt, int missedRuns,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String tplName) {
    public static final String TYPE_CRON = "";
    public static final String TYPE_RUN_AT = "run_at";

    @JsonIgnore
    public boolean oneTime() {
        return TYPE_RUN_AT.equals(type);
    }
}
