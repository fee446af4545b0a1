/**
 * Inventories of a project ({@link io.semaphore.inventory.InventoryService}, table {@code project__inventory}): the
 * hosts a template runs against. {@code InventoryTypes} holds what each type's text must be; {@code YamlShape} (with
 * {@code YamlText}) checks YAML inventories without a YAML library. An inventory still used by a template cannot be
 * deleted.
 */
package io.semaphore.inventory;
