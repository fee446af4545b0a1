/**
 * The remote runner itself ({@code semaphore runner start}): {@link RunnerClient} speaks Semaphore's runner protocol
 * to a server; {@link RunnerAgent} polls every second, builds each job's spec with the server's own code
 * ({@code task.run.JobSpecs} over {@link WireJobResources}, the poll's job data and keys), runs it with the runtime's
 * local job runner (own SSH agent, own temporary folder, secrets masked) and sends lines and status back in order,
 * batched, the same batch again until the server acknowledges it. No database.
 */
package io.semaphore.runner.agent;
