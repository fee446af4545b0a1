package io.semaphore.integration;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of POST and PUT {@code /api/project/{id}/integrations}; absent fields keep their value on PUT. */
public record IntegrationRequest(String name, Integer projectId, Integer templateId, String authMethod,
                                 Integer authSecretId, String authHeader, Boolean searchable, JsonNode taskParams) {}
