package io.semaphore.environment;

import io.semaphore.key.Hidden;

/** A decrypted environment secret for the task engine: an extra variable ({@code var}) or an env variable. */
public record EnvironmentSecretValue(String type, String name, String value) {
    @Override
    public String toString() {
        return "EnvironmentSecretValue[type=" + type + ", name=" + name + ", value=" + Hidden.of(value) + "]";
    }
}
