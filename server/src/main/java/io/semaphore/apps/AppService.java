package io.semaphore.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.db.Database;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The apps and their settings. Which apps are active by default is decided once, when the server starts, as
 * Semaphore decides it: an app configured in config.json's {@code apps} takes that configuration; otherwise
 * ansible, terraform, tofu and bash are active when their command ({@code ansible-playbook}, {@code terraform},
 * {@code tofu}, {@code bash}) is on PATH, and powershell and python are listed inactive. Settings an administrator
 * saves are stored in the {@code option} table and win over both.
 */
public final class AppService {
    /** The apps, their default priority (higher first, as Semaphore lists them) and the command looked up on PATH. */
    private static final Map<String, Integer> PRIORITIES = orderedMap("ansible", 1000, "terraform", 900, "tofu", 800,
            "bash", 700, "powershell", 600, "python", 500);
    private static final Map<String, String> COMMANDS = Map.of("ansible", "ansible-playbook", "terraform", "terraform",
            "tofu", "tofu", "bash", "bash");
    private static final List<String> FIELDS = List.of("active", "priority", "title", "icon", "color", "dark_color",
            "path", "args");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Map<String, App> defaults;

    public AppService(Database db, Map<String, JsonNode> configured) {
        this(db, configured, AppService::onPath);
    }

    /** {@code found} tells whether a command is installed (PATH lookup; replaceable in tests). */
    public AppService(Database db, Map<String, JsonNode> configured, Predicate<String> found) {
        this.db = db;
        Map<String, App> d = new LinkedHashMap<>();
        for (var e : PRIORITIES.entrySet()) {
            String id = e.getKey();
            JsonNode conf = configured == null ? null : configured.get(id);
            if (conf != null && conf.isObject()) {
                int priority = conf.path("priority").asInt(0);
                d.put(id, new App(id, conf.path("active").asBoolean(false), priority > 0 ? priority : e.getValue(),
                        conf.path("title").asText(""), conf.path("icon").asText(""), conf.path("color").asText(""),
                        conf.path("dark_color").asText(""), conf.path("path").asText(""), strings(conf.path("args"))));
            } else {
                String command = COMMANDS.get(id);
                boolean active = command != null && found.test(command);
                d.put(id, new App(id, active, e.getValue(), "", "", "", "", "", List.of()));
            }
        }
        this.defaults = Map.copyOf(d);
    }

    /** Every app, highest priority first. */
    public List<App> list() {
        Map<String, String> stored = stored();
        List<App> apps = new ArrayList<>();
        for (String id : PRIORITIES.keySet()) {
            apps.add(withStored(defaults.get(id), stored));
        }
        apps.sort(Comparator.comparingInt(App::priority).reversed().thenComparing(App::id));
        return apps;
    }

    public App get(String id) {
        App d = defaults.get(id);
        if (d == null) {
            throw new NotFoundException("App '" + id + "' not found; apps: " + String.join(", ", PRIORITIES.keySet()));
        }
        return withStored(d, stored());
    }

    /** Whether the app exists (templates may use any of them, active or not, as in Semaphore). */
    public boolean exists(String id) {
        return defaults.containsKey(id);
    }

    /** The command to run instead of the app's own, or null. */
    public String path(String id) {
        App a = defaults.containsKey(id) ? get(id) : null;
        return a == null || a.path().isEmpty() ? null : a.path();
    }

    /** Replaces the app's settings ({@code PUT}): fields left out take their empty value, as in Semaphore. */
    public App update(String id, AppRequest r) {
        App old = get(id);
        if (r.id() != null && !r.id().isEmpty() && !r.id().equals(id)) {
            throw new ValidationException("App id in the body ('" + r.id() + "') does not match the URL ('" + id + "')");
        }
        if (r.priority() != null && r.priority() < 0) {
            throw new ValidationException("Field 'priority' must be 0 or more (0: the app's default)");
        }
        String path = text(r.path());
        if (!path.isEmpty() && (path.startsWith("-") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new ValidationException("Field 'path' must be a command or a path to one, such as"
                    + " /usr/local/bin/ansible-playbook; it must not start with '-' or hold control characters");
        }
        List<String> args = r.args() == null ? List.of() : r.args();
        for (String a : args) {
            if (a == null || a.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new ValidationException("Field 'args' must be a list of strings without control characters");
            }
        }
        Map<String, String> values = new HashMap<>();
        values.put("active", String.valueOf(Boolean.TRUE.equals(r.active())));
        values.put("priority", r.priority() == null || r.priority() == 0 ? null : String.valueOf(r.priority()));
        values.put("title", emptyToNull(r.title()));
        values.put("icon", emptyToNull(r.icon()));
        values.put("color", emptyToNull(r.color()));
        values.put("dark_color", emptyToNull(r.darkColor()));
        values.put("path", emptyToNull(path));
        values.put("args", args.isEmpty() ? null : json(args));
        for (var e : values.entrySet()) {
            if (e.getValue() != null && e.getValue().length() > 4096) {
                throw new ValidationException("Field '" + e.getKey() + "' is longer than 4096 characters");
            }
        }
        db.run(h -> values.forEach((field, value) -> set(h, key(old.id(), field), value)));
        return get(id);
    }

    /**
     * {@code DELETE /api/apps/{id}}: removes every setting an administrator saved for the app (Semaphore's
     * {@code apps.<id>.*} options), so it is back to its defaults (config.json's {@code apps}, else the PATH lookup).
     */
    public App reset(String id) {
        App old = get(id);
        db.run(h -> h.createUpdate("DELETE FROM \"option\" WHERE \"key\" LIKE :prefix")
                .bind("prefix", "apps." + old.id() + ".%").execute());
        return get(id);
    }

    /** {@code POST /api/apps/{id}/active}. */
    public App setActive(String id, boolean active) {
        App old = get(id);
        db.run(h -> set(h, key(old.id(), "active"), String.valueOf(active)));
        return get(id);
    }

    private static void set(org.jdbi.v3.core.Handle h, String key, String value) {
        h.createUpdate("DELETE FROM \"option\" WHERE \"key\" = :k").bind("k", key).execute();
        if (value != null) {
            h.createUpdate("INSERT INTO \"option\" (\"key\", \"value\") VALUES (:k, :v)").bind("k", key)
                    .bind("v", value).execute();
        }
    }

    private Map<String, String> stored() {
        return db.read(h -> {
            Map<String, String> m = new HashMap<>();
            h.createQuery("SELECT \"key\", \"value\" FROM \"option\" WHERE \"key\" LIKE 'apps.%'")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }

    private static App withStored(App d, Map<String, String> stored) {
        String id = d.id();
        String active = stored.get(key(id, "active"));
        String priority = stored.get(key(id, "priority"));
        int p = d.priority();
        if (priority != null) {
            try {
                p = Integer.parseInt(priority.trim()) > 0 ? Integer.parseInt(priority.trim()) : p;
            } catch (NumberFormatException ignored) {
                // a hand-edited option that is no number: keep the default
            }
        }
        String args = stored.get(key(id, "args"));
        return new App(id, active == null ? d.active() : Boolean.parseBoolean(active.trim()), p,
                stored.getOrDefault(key(id, "title"), d.title()), stored.getOrDefault(key(id, "icon"), d.icon()),
                stored.getOrDefault(key(id, "color"), d.color()),
                stored.getOrDefault(key(id, "dark_color"), d.darkColor()),
                stored.getOrDefault(key(id, "path"), d.path()), args == null ? d.args() : parseArgs(args));
    }

    private static List<String> parseArgs(String text) {
        try {
            return JSON.readValue(text, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String json(List<String> args) {
        try {
            return JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String id, String field) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException(field);
        }
        return "apps." + id + "." + field;
    }

    private static String text(String s) {
        return s == null ? "" : s.trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Integer> orderedMap(Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
