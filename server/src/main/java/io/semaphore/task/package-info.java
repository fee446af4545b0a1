/**
 * Tasks as the API sees them: {@link io.semaphore.task.TaskService} checks a request against its template and the
 * caller's role, queues it, and stops, confirms, lists and deletes tasks. How a task runs is in
 * {@code task.run}, its log in {@code task.log}, its row and status changes in {@code task.state}.
 */
package io.semaphore.task;
