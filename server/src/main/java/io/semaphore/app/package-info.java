/**
 * The composition root: {@link io.semaphore.app.Services} builds the stores and services (what offline CLI commands
 * use, no threads), {@link io.semaphore.app.Engine} the task engine's threads over them, and
 * {@link io.semaphore.app.Server} HTTP with the API's routes; each is closed by what made it.
 */
package io.semaphore.app;
