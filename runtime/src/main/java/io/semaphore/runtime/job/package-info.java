/**
 * The contract between whoever schedules a task (the server, or a remote runner) and the code that runs it:
 * {@link io.semaphore.runtime.job.JobSpec} in, {@link io.semaphore.runtime.job.JobListener} reports, a
 * {@link io.semaphore.runtime.job.JobResult} out. {@code io.semaphore.runtime.Jobs} is the entry point that runs one.
 */
package io.semaphore.runtime.job;
