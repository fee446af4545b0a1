/**
 * The HTTP API under {@code /api}. Start at {@link io.semaphore.api.Routes} (the one route table with each route's
 * required access); {@code AccessFilter} authenticates and authorizes every request, {@code ErrorMapper} turns
 * failures into {@code {"error": ...}} bodies, {@code Bodies} reads request JSON with clear 400s, and the
 * {@code *Handlers} classes are thin: parse, call a service, write JSON.
 */
package io.semaphore.api;
