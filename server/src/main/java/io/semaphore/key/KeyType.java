package io.semaphore.key;

import io.semaphore.errors.ValidationException;

/**
 * Kinds of access key, with Semaphore's names. {@link #STRING} holds one value (an environment secret) and is
 * created only by {@code environment.EnvironmentService}; the Key Store API accepts the other three.
 */
public enum KeyType {
    NONE("none"),
    SSH("ssh"),
    LOGIN_PASSWORD("login_password"),
    STRING("string");

    /** What {@code POST/PUT /keys} accepts, for error messages. */
    static final String API_TYPES = "none, ssh, login_password";

    private final String json;

    KeyType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The type stored in {@code access_key.type}; an unknown value in the database is a bug, not user input. */
    static KeyType stored(String value) {
        for (KeyType t : values()) {
            if (t.json.equals(value)) {
                return t;
            }
        }
        throw new IllegalStateException("Unknown access key type in the database: " + value);
    }

    /** A type sent to the Key Store API: one of none, ssh, login_password. */
    static KeyType fromApi(String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("Field 'type' is required; allowed: " + API_TYPES);
        }
        for (KeyType t : values()) {
            if (t != STRING && t.json.equals(value)) {
                return t;
            }
        }
        throw new ValidationException("Field 'type' is '" + value + "'; allowed: " + API_TYPES);
    }
}
