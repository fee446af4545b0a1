package io.semaphore.task.state;

import io.semaphore.errors.ConflictException;

/** A status change the engine does not make (see {@link TaskStatus#canMoveTo}); a 409 if it ever reaches the API. */
public final class IllegalTaskMove extends ConflictException {
    public IllegalTaskMove(long taskId, TaskStatus from, TaskStatus to) {
        super("Task " + taskId + " cannot go from " + from.json() + " to " + to.json());
    }
}
