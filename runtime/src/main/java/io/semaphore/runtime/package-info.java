/**
 * Runs one job on this machine: {@link io.semaphore.runtime.Jobs#local(int)} (a
 * {@link io.semaphore.runtime.LocalJobRunner}) takes a {@link io.semaphore.runtime.job.JobSpec}, checks the repository
 * out ({@code git}), prepares keys ({@code ssh}) and runs the app ({@code apps}) through {@code process}, reporting
 * masked log lines to the {@link io.semaphore.runtime.job.JobListener}.
 */
@NullMarked
package io.semaphore.runtime;

import org.jspecify.annotations.NullMarked;
