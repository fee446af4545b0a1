package io.semaphore.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A task: one run of a template (table {@code task}). JSON as Semaphore's {@code Task}; list endpoints add the
 * template's and user's names ({@code tpl_*}, {@code user_name}) as Semaphore's {@code TaskWithTpl} does.
 */
public record Task(long id, int templateId, int projectId, TaskStatus status, boolean debug, boolean dryRun,
                   boolean diff, String playbook, String environment, String limit, String arguments,
                   String gitBranch, Integer inventoryId, Integer userId, Integer integrationId, Integer scheduleId,
                   Instant created, Instant start, Instant end, String message, String commitHash,
                   String commitMessage, Long buildTaskId, String version,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplPlaybook,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplAlias,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplType,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplApp,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String userName) {}
