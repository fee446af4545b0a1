package io.semaphore.inventory;

/**
 * Body of POST/PUT {@code /inventory}; absent fields are null. An {@code id} is ignored on create and must match the
 * URL on update; a {@code project_id} must match the URL.
 */
public record InventoryRequest(Integer id, String name, Integer projectId, String inventory, Integer sshKeyId,
                               Integer becomeKeyId, String type, Integer repositoryId) {}
