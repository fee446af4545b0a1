package io.semaphore.environment;

/** A secret of an environment as the API shows it: {@code {id, type: var|env, name}}, never the value. */
public record EnvironmentSecret(int id, String type, String name) {}
