/**
 * Project backup and restore in Semaphore's JSON format ({@link io.semaphore.backup.BackupFormat}):
 * {@link io.semaphore.backup.BackupService} exports a project by names (no ids, no secrets) and restores a
 * document, Semaphore UI's own included, in one transaction after checking it whole.
 */
package io.semaphore.backup;
