/**
 * The Key Store: credentials a project uses for git, hosts and vaults ({@link io.semaphore.key.KeyService},
 * table {@code access_key}). Secrets are encrypted at rest with {@link io.semaphore.key.Secrets} (AES-256-GCM
 * under {@code access_key_encryption}) and never leave through the API ({@link io.semaphore.key.AccessKey} holds
 * none); code that needs them calls {@link io.semaphore.key.KeyService#decrypted}. Environment secrets are
 * {@code string} keys kept here for {@code io.semaphore.environment}.
 */
package io.semaphore.key;
