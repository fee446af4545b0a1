/**
 * History retention: finished tasks older than {@code max_task_age_days} are deleted in small batches in the
 * background (or by {@code semaphore tasks prune}), and SQLite gives the freed pages back to the file system.
 */
package io.semaphore.retention;
