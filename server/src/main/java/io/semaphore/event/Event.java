package io.semaphore.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** One line of the activity log (table {@code event}); JSON as Semaphore's {@code Event}. */
public record Event(@JsonIgnore int id, Integer userId, Integer projectId, Integer objectId, String objectType,
                    String description, Instant created, String objectName, String projectName, String username) {}
