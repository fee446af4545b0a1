package io.semaphore.view;

/** A tab that groups templates (table {@code project__view}); JSON as Semaphore's {@code View}. */
public record View(int id, int projectId, String title, int position) {}
