package io.semaphore.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Body of POST/PUT {@code /templates}; absent fields are null. An id in the body is not read. */
public record TemplateRequest(Integer projectId, Integer inventoryId, Integer repositoryId, Integer environmentId,
                              Integer viewId, String name, String playbook, String arguments,
                              Boolean allowOverrideArgsInTask, Boolean allowOverrideBranchInTask,
                              Boolean allowOverrideLimit, Boolean allowParallelTasks, String description,
                              String type, String app, String startVersion, Integer buildTemplateId, Boolean autorun,
                              List<SurveyVar> surveyVars, List<TemplateVault> vaults, Boolean suppressSuccessAlerts,
                              String gitBranch, JsonNode taskParams, Boolean atMostOneWaitingTask,
                              String runnerTag) {}
