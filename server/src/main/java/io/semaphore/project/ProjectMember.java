package io.semaphore.project;

/** A user as listed on a project's team ({@code GET /api/project/{id}/users}). */
public record ProjectMember(int id, String username, String name, String email, Role role) {}
