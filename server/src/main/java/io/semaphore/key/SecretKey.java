package io.semaphore.key;

/**
 * An environment secret as stored in {@code access_key} (type {@code string}, {@code environment_id} set),
 * without its value: what {@code environment.EnvironmentService} lists.
 */
public record SecretKey(int id, int environmentId, String name, String owner) {}
