/**
 * Prometheus metrics ({@code /api/metrics}): task activity read from the database, HTTP latency by route, the
 * connection pool and the JVM, through Micrometer.
 */
package io.semaphore.metrics;
