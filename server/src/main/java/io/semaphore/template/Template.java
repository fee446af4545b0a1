package io.semaphore.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A task template (table {@code project__template}); JSON as Semaphore's {@code Template}. */
public record Template(int id, int projectId, Integer inventoryId, int repositoryId, Integer environmentId,
                       Integer viewId, String name, String playbook, String arguments,
                       boolean allowOverrideArgsInTask, boolean allowOverrideBranchInTask, boolean allowOverrideLimit,
                       boolean allowParallelTasks, String description, String type, String app,
                       String startVersion, Integer buildTemplateId, boolean autorun, List<SurveyVar> surveyVars,
                       List<TemplateVault> vaults, boolean suppressSuccessAlerts, String gitBranch,
                       JsonNode taskParams, int tasks) {}
