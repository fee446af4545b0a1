/**
 * A task's row and status. {@link io.semaphore.task.state.TaskLifecycle} is the one place a status changes: it
 * checks {@link io.semaphore.task.state.TaskStatus#canMoveTo}, stores the row, records the event and publishes
 * through {@link io.semaphore.task.state.TaskUpdates}. Knows nothing of how a task runs or is logged.
 */
package io.semaphore.task.state;
