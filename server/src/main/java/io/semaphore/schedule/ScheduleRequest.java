package io.semaphore.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** Body of {@code POST /schedules} and {@code PUT /schedules/{id}}: Semaphore's {@code Schedule} fields. */
public record ScheduleRequest(Integer id, Integer projectId, Integer templateId, String cronFormat, String name,
                              Boolean active, String type, OffsetDateTime runAt, Boolean deleteAfterRun,
                              Integer repositoryId, JsonNode taskParams) {}
