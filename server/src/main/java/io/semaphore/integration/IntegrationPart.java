package io.semaphore.integration;

/**
 * A row that belongs to one integration: a matcher or an extracted value. Both have an id, their integration's id
 * and a name; {@link IntegrationParts} keeps either kind with the same steps (find the integration, check the row,
 * store it, record the event).
 */
public sealed interface IntegrationPart permits IntegrationMatcher, IntegrationExtractValue {
    Integer id();

    Integer integrationId();

    String name();
}
