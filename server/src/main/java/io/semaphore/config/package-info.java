/**
 * Configuration compatible with Semaphore UI: {@link io.semaphore.config.Config} holds config.json's keys,
 * {@link io.semaphore.config.ConfigLoader} finds, reads, overrides ({@code SEMAPHORE_*}) and validates it, failing
 * start-up with a {@link io.semaphore.config.ConfigException} that names the key and the allowed values.
 */
package io.semaphore.config;
