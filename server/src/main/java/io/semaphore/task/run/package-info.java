/**
 * Running tasks on this node: {@link io.semaphore.task.run.TaskScheduler} is the queue (what waits, the limits,
 * claims, leases, crash recovery); {@link io.semaphore.task.run.TaskRun} runs one claimed task through the
 * runtime's {@code JobRunner} and ends through a completion callback. Status changes go through
 * {@code task.state.TaskLifecycle}, lines through {@code task.log.TaskLog}.
 */
package io.semaphore.task.run;
