package io.semaphore.task.log;

import java.time.Instant;

/** One line of a task's output; JSON as Semaphore's {@code TaskOutput} ({@code task} is always ""). */
public record TaskOutput(long taskId, String task, Instant time, String output) {}
