package io.semaphore.project;

import java.time.Instant;

/** A project (table {@code project}); JSON as Semaphore's {@code Project}. */
public record Project(int id, Instant created, String name, boolean alert, String alertChat, int maxParallelTasks,
                      String type) {}
