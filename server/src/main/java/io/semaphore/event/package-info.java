/**
 * The activity log: {@link io.semaphore.event.EventStore} records who created, changed or deleted what, and
 * serves the {@code /api/events} and {@code /api/project/{id}/events} feeds as {@link io.semaphore.event.Event}s.
 */
package io.semaphore.event;
