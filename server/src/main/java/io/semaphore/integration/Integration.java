package io.semaphore.integration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An incoming webhook of a project (table {@code project__integration}); JSON as Semaphore's {@code Integration}.
 * {@code authSecretId} names a login_password key of the project whose password is the shared secret (never
 * answered); {@code searchable}: reachable through the project's and the global alias, filtered by its matchers.
 */
public record Integration(int id, String name, int projectId, int templateId, String authMethod, Integer authSecretId,
                          String authHeader, boolean searchable, JsonNode taskParams) {}
