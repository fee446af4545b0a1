package io.semaphore.view;

/** Body of POST/PUT {@code /views}; an {@code id} or {@code project_id} in it is not trusted. */
public record ViewRequest(String title, Integer position) {}
