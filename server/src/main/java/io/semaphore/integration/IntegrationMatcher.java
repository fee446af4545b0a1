package io.semaphore.integration;

/**
 * A condition a delivery must meet (table {@code project__integration_matcher}): a header, a JSON body field (by
 * path, such as {@code repository.full_name} or {@code commits.[0].id}) or the whole body as text, compared with
 * {@code value} by {@code method} (equals, unequals, contains). Also the request body of its routes.
 */
public record IntegrationMatcher(Integer id, Integer integrationId, String name, String matchType, String method,
                                 String bodyDataType, String key, String value)
        implements IntegrationPart {}
