package io.semaphore.integration;

/**
 * A value taken from a delivery (table {@code project__integration_extract_value}): a header, a JSON body field by
 * path, or the whole body as text, given to the task as {@code variable}: an extra variable of the task
 * ({@code variable_type} environment, Semaphore's default) or a task field ({@code task}: message, git_branch,
 * commit_hash, limit). Also the request body of its routes.
 */
public record IntegrationExtractValue(Integer id, Integer integrationId, String name, String valueSource,
                                      String bodyDataType, String key, String variable, String variableType)
        implements IntegrationPart {}
