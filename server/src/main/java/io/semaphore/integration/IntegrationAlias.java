package io.semaphore.integration;

/** An alias as the API answers it (Semaphore's {@code publicAlias}): its id and the URL to send webhooks to. */
public record IntegrationAlias(int id, String url) {}
