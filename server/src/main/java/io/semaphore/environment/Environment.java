package io.semaphore.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.semaphore.json.EmptyWhenNull;
import java.util.List;

/**
 * A variable group (table {@code project__environment}); JSON as Semaphore's {@code Environment}. {@code json}
 * holds extra variables and {@code env} process environment variables, each a JSON object as text;
 * {@code secrets} lists names and types only. Semaphore's {@code password} is write-only here: stored encrypted,
 * always shown as {@code ""}.
 */
public record Environment(int id, String name, int projectId, String json,
                          @JsonSerialize(nullsUsing = EmptyWhenNull.class) String env, List<EnvironmentSecret> secrets) {
    public Environment {
        secrets = List.copyOf(secrets);
    }

    /** The password is never read back, by any role or route; {@code ""} keeps Semaphore's field a string. */
    @JsonProperty("password")
    public String password() {
        return "";
    }

    Environment withSecrets(List<EnvironmentSecret> list) {
        return new Environment(id, name, projectId, json, env, list);
    }
}
