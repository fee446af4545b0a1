/**
 * Projects and their teams: {@link io.semaphore.project.Project}, {@link io.semaphore.project.Role} (Semaphore's
 * owner/manager/task_runner/guest with their {@link io.semaphore.project.Permission} bits),
 * {@link io.semaphore.project.ProjectStore} and {@link io.semaphore.project.ProjectService}.
 */
package io.semaphore.project;
