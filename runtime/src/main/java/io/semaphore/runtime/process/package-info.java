/**
 * Runs processes for a job. {@link io.semaphore.runtime.process.ProcessRunner} starts an argv (never a shell string)
 * with an explicit environment and sends each merged stdout/stderr line to a
 * {@link io.semaphore.runtime.process.LineSink}; {@link io.semaphore.runtime.process.RunningProcess#stop} ends the
 * whole process tree and the rest of its session ({@link io.semaphore.runtime.process.Sessions}: each process is
 * started through {@code setsid}). {@link io.semaphore.runtime.process.ProcessSession} runs a job's processes one
 * after another and stops whichever is current. {@link io.semaphore.runtime.process.LogMask} hides secrets in lines.
 */
@NullMarked
package io.semaphore.runtime.process;

import org.jspecify.annotations.NullMarked;
