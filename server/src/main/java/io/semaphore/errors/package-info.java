/**
 * The one hierarchy of API failures: {@link io.semaphore.errors.ApiException} and a subclass per HTTP status.
 * Services throw these; {@code io.semaphore.api.ErrorMapper} is the only place that turns them into responses.
 */
package io.semaphore.errors;
