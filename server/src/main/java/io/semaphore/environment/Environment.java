package io.semaphore.environment;

import java.util.List;

/**
 * A variable group (table {@code project__environment}); JSON as Semaphore's {@code Environment}. {@code json}
 * holds extra variables and {@code env} process environment variables, each a JSON object as text;
 * {@code password} is Semaphore's legacy field, kept as sent. {@code secrets} lists names and types only.
 */
public record Environment(int id, String name, int projectId, String password, String json, String env,
                          List<EnvironmentSecret> secrets) {
    public Environment {
        secrets = List.copyOf(secrets);
    }

    Environment withSecrets(List<EnvironmentSecret> list) {
        return new Environment(id, name, projectId, password, json, env, list);
    }
}
