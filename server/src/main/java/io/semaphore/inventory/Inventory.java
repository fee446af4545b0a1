package io.semaphore.inventory;

/**
 * The hosts a template runs against (table {@code project__inventory}); JSON as Semaphore's {@code Inventory}.
 * {@code inventory} is INI text ({@code static}), YAML text ({@code static-yaml}), a path inside a repository
 * ({@code file}: the template's repository, or {@code repositoryId}'s) or a workspace name
 * ({@code terraform-workspace}). The key ids are null when no key is set.
 */
public record Inventory(int id, String name, int projectId, String inventory, Integer sshKeyId, Integer becomeKeyId,
                        String type, Integer repositoryId) {}
