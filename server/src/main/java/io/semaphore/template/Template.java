package io.semaphore.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.semaphore.json.EmptyWhenNull;
import java.util.List;

/**
 * A task template (table {@code project__template}); JSON as Semaphore's {@code Template}. {@code arguments},
 * {@code description} and {@code gitBranch} are null when not set and answered as {@code ""}.
 */
public record Template(int id, int projectId, Integer inventoryId, int repositoryId, Integer environmentId,
                       Integer viewId, String name, String playbook,
                       @JsonSerialize(nullsUsing = EmptyWhenNull.class) String arguments,
                       boolean allowOverrideArgsInTask, boolean allowOverrideBranchInTask, boolean allowOverrideLimit,
                       boolean allowParallelTasks, @JsonSerialize(nullsUsing = EmptyWhenNull.class) String description,
                       String type, String app, String startVersion, Integer buildTemplateId, boolean autorun,
                       List<SurveyVar> surveyVars, List<TemplateVault> vaults, boolean suppressSuccessAlerts,
                       @JsonSerialize(nullsUsing = EmptyWhenNull.class) String gitBranch,
                       JsonNode taskParams, int tasks,
                       /* Ours: while a task of this template waits, more are refused (a burst queues one run). */
                       boolean atMostOneWaitingTask,
                       /* Only runners with this tag take the template's tasks; null: any runner without a tag. */
                       String runnerTag) {}
