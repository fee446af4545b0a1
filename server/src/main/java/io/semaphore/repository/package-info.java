/**
 * Git repositories of a project ({@link io.semaphore.repository.RepositoryService}, table
 * {@code project__repository}): where templates and file inventories get their code. {@code GitUrl} holds the
 * rules for URLs and branches; a repository still used by a template or an inventory cannot be deleted.
 */
package io.semaphore.repository;
