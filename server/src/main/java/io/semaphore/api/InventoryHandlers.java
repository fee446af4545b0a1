package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.inventory.Inventory;
import io.semaphore.inventory.InventoryRequest;
import io.semaphore.inventory.InventoryService;

/** {@code /api/project/{project_id}/inventory} (singular, as Semaphore). */
final class InventoryHandlers {
    private final InventoryService inventories;

    InventoryHandlers(InventoryService inventories) {
        this.inventories = inventories;
    }

    void list(Context ctx) {
        ctx.json(inventories.list(Params.projectId(ctx), ctx.queryParam("sort"), ctx.queryParam("order")));
    }

    void get(Context ctx) {
        ctx.json(inventories.get(Params.projectId(ctx), Params.id(ctx, "inventory_id")));
    }

    void refs(Context ctx) {
        ctx.json(inventories.refs(Params.projectId(ctx), Params.id(ctx, "inventory_id")));
    }

    /** 201 with the inventory, as Semaphore answers. */
    void create(Context ctx) {
        Inventory i = inventories.create(Params.user(ctx).id(), Params.projectId(ctx), Bodies.read(ctx, InventoryRequest.class));
        ctx.status(201).json(i);
    }

    void update(Context ctx) {
        inventories.update(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "inventory_id"),
                Bodies.read(ctx, InventoryRequest.class));
        ctx.status(204);
    }

    void delete(Context ctx) {
        inventories.delete(Params.user(ctx).id(), Params.projectId(ctx), Params.id(ctx, "inventory_id"));
        ctx.status(204);
    }
}
