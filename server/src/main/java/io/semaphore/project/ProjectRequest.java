package io.semaphore.project;

/** Body of {@code POST /api/projects} and {@code PUT /api/project/{id}}; absent fields are null. */
public record ProjectRequest(Integer id, String name, Boolean alert, String alertChat, Integer maxParallelTasks,
                             Boolean demo, String type) {}
