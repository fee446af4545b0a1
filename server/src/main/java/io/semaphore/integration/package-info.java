/**
 * Incoming webhooks (Semaphore's "integrations"): an integration starts a task of one template when a request
 * reaches {@code POST /api/integrations/{alias}}, after its auth check ({@link io.semaphore.integration.AuthMethod})
 * and its matchers pass; extracted values become extra variables or task fields of that task.
 * {@link io.semaphore.integration.IntegrationService} keeps integrations, matchers, values and aliases;
 * {@link io.semaphore.integration.WebhookReceiver} handles deliveries.
 */
package io.semaphore.integration;
