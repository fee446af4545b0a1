package io.semaphore.apps;

import java.util.List;

/**
 * Body of {@code PUT /api/apps/{id}}: the whole app, as Semaphore's web client sends it. As in Semaphore, a field
 * left out takes its empty value ({@code active} false); an empty priority falls back to the app's default.
 */
public record AppRequest(String id, Boolean active, Integer priority, String title, String icon, String color,
                         String darkColor, String path, List<String> args) {}
