package io.semaphore.config;

import java.util.Map;

/**
 * One database block of config.json ({@code sqlite}, {@code postgres} or {@code mysql}), with Semaphore's keys.
 * For SQLite, {@code host} is the database file path (as Semaphore's {@code bolt.host} was).
 */
public record DbConfig(String host, String user, String pass, String name, Map<String, String> options) {
    public DbConfig {
        host = host == null ? "" : host;
        user = user == null ? "" : user;
        pass = pass == null ? "" : pass;
        name = name == null ? "" : name;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static DbConfig empty() {
        return new DbConfig("", "", "", "", Map.of());
    }

    @Override
    public String toString() {
        return "DbConfig[host=" + host + ", user=" + user + ", name=" + name + ", options=" + options.keySet() + "]";
    }
}
