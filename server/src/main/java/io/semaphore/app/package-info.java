/**
 * The composition root: {@link io.semaphore.app.Server} wires stores, services and the HTTP API by hand and owns
 * their lifetimes; {@link io.semaphore.app.Version} tells the build's version.
 */
package io.semaphore.app;
