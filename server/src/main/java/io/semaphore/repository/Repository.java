package io.semaphore.repository;

/**
 * A git repository of a project (table {@code project__repository}); JSON as Semaphore's {@code Repository}.
 * {@code gitBranch} is empty only for a repository at a local path.
 */
public record Repository(int id, String name, int projectId, String gitUrl, String gitBranch, int sshKeyId) {}
