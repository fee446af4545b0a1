/**
 * Remote runners: the {@code runner} table ({@link RunnerStore}), the rules for creating, changing, authenticating
 * and registering runners ({@link RunnerService}), and the server side of Semaphore's runner protocol
 * ({@code /api/internal/runners}: which task a polling runner takes, what it reports back).
 */
package io.semaphore.runner;
