package io.semaphore.repository;

/**
 * Body of POST/PUT {@code /repositories}; absent fields are null. An {@code id} is ignored on create and must match
 * the URL on update; a {@code project_id} must match the URL.
 */
public record RepositoryRequest(Integer id, String name, Integer projectId, String gitUrl, String gitBranch,
                                Integer sshKeyId) {}
