/**
 * Views: the tabs that group a project's templates ({@link io.semaphore.view.ViewService}, table
 * {@code project__view}). Deleting a view leaves its templates without a view.
 */
package io.semaphore.view;
