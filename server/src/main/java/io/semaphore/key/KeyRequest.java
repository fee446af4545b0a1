package io.semaphore.key;

/**
 * Body of {@code POST/PUT /api/project/{project_id}/keys}; absent fields are null. On update the secret
 * ({@code ssh} or {@code login_password}, by type) is replaced only with {@code override_secret: true}, as in
 * Semaphore. An {@code id} is ignored on create and must match the URL on update.
 */
public record KeyRequest(Integer id, String name, String type, Integer projectId, SshKey ssh,
                         LoginPassword loginPassword, Boolean overrideSecret) {
    // The generated toString prints ssh and loginPassword through their own toString, which hides the secrets.
}
