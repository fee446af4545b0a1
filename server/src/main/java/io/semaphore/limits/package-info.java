/** Limits enforced on running tasks from outside the engine: {@code max_task_duration_sec}. */
package io.semaphore.limits;
