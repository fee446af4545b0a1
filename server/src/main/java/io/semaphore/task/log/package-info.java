/**
 * A task's log: {@link io.semaphore.task.log.TaskLog} is the seam (append, live tail, read back), implemented by
 * {@link io.semaphore.task.log.LogWriter} (numbered lines batched into the database) with
 * {@link io.semaphore.task.log.LogHub} (the browsers' live sockets); {@link io.semaphore.task.log.RemoteTaskFeed}
 * brings what other nodes' tasks wrote to this node's sockets.
 */
package io.semaphore.task.log;
