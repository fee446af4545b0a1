/**
 * The apps a template can run (ansible, terraform, tofu, bash, powershell, python) and their settings, as
 * Semaphore's {@code /api/apps} has them: defaults decided at start-up from the binaries on PATH and config.json's
 * {@code apps}, changes by administrators kept in the {@code option} table under Semaphore's keys
 * ({@code apps.<id>.<field>}).
 */
package io.semaphore.apps;
