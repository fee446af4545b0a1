package io.semaphore.config;

/** Start-up failed because of the configuration; the message names the key (or variable) and what is allowed. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
