/**
 * The server log's form: plain text lines or one JSON object per line ({@code log_format}), with the request id of
 * the HTTP request a line was written in. Core: depends on no other package of ours.
 */
package io.semaphore.logging;
