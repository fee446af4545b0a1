/**
 * Environments (Semaphore's "variable groups"): extra variables, process environment variables and secrets a
 * template runs with ({@link io.semaphore.environment.EnvironmentService}, table {@code project__environment}).
 * Secrets are write-only: stored encrypted as {@code string} keys through {@code io.semaphore.key.KeyService};
 * reads return their names and types, {@link io.semaphore.environment.EnvironmentService#decryptedSecrets} the values.
 */
package io.semaphore.environment;
