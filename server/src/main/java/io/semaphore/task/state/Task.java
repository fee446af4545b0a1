package io.semaphore.task.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.semaphore.json.EmptyWhenNull;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A task: one run of a template (table {@code task}). JSON as Semaphore's {@code Task}; list endpoints add the
 * template's and user's names ({@code tpl_*}, {@code user_name}) as Semaphore's {@code TaskWithTpl} does. Text
 * fields are never null in JSON (Semaphore's API types them as strings): null, meaning not set, is written {@code ""};
 * {@code git_branch} stays null when not chosen, as Semaphore's description allows and its clients expect.
 * Beyond Semaphore's fields: {@code log_incomplete} and {@code log_lost_lines}, output lines the database refused.
 */
public record Task(long id, int templateId, int projectId, TaskStatus status, boolean debug, boolean dryRun,
                   boolean diff, @JsonSerialize(nullsUsing = EmptyWhenNull.class) String playbook,
                   @JsonSerialize(nullsUsing = EmptyWhenNull.class) String environment,
                   @JsonSerialize(nullsUsing = EmptyWhenNull.class) String limit,
                   @JsonSerialize(nullsUsing = EmptyWhenNull.class) String arguments,
                   String gitBranch, Integer inventoryId,
                   Integer userId, Integer integrationId, Integer scheduleId, Instant created, Instant start,
                   Instant end, @JsonSerialize(nullsUsing = EmptyWhenNull.class) String message,
                   @JsonSerialize(nullsUsing = EmptyWhenNull.class) String commitHash,
                   @JsonSerialize(nullsUsing = EmptyWhenNull.class) String commitMessage, Long buildTaskId,
                   @JsonSerialize(nullsUsing = EmptyWhenNull.class) String version,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplPlaybook,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplAlias,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplType,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String tplApp,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String userName,
                   long logLostLines) {

    /** A task whose log is complete so far (a new one). */
    public Task(long id, int templateId, int projectId, TaskStatus status, boolean debug, boolean dryRun,
                boolean diff, String playbook, String environment, String limit, String arguments,
                String gitBranch, Integer inventoryId, Integer userId, Integer integrationId, Integer scheduleId,
                Instant created, Instant start, Instant end, String message, String commitHash,
                String commitMessage, Long buildTaskId, String version, String tplPlaybook, String tplAlias,
                String tplType, String tplApp, String userName) {
        this(id, templateId, projectId, status, debug, dryRun, diff, playbook, environment, limit, arguments,
                gitBranch, inventoryId, userId, integrationId, scheduleId, created, start, end, message, commitHash,
                commitMessage, buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName, 0);
    }

    /** Some output lines could not be stored: the log is missing {@link #logLostLines()} lines. */
    @JsonProperty("log_incomplete")
    public boolean logIncomplete() {
        return logLostLines > 0;
    }

    /**
     * A copy with some fields changed, e.g. {@code t.with(c -> c.status(RUNNING).start(at))}. The engine publishes
     * these instead of reading the row back after each update (the row is what it just wrote). Every other field is
     * copied through the record's components, so a new field is added in the record header only.
     */
    public Task with(UnaryOperator<Changes> change) {
        Map<String, Object> changed = change.apply(new Changes()).values;
        Object[] args = new Object[COMPONENTS.length];
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                String name = COMPONENTS[i].getName();
                args[i] = changed.containsKey(name) ? changed.get(name) : COMPONENTS[i].getAccessor().invoke(this);
            }
            return CANONICAL.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot copy task " + id, e);
        }
    }

    private static final RecordComponent[] COMPONENTS = Task.class.getRecordComponents();
    private static final Constructor<Task> CANONICAL = canonical();

    private static Constructor<Task> canonical() {
        try {
            return Task.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields the engine changes, by component name. */
    public static final class Changes {
        private final Map<String, Object> values = new HashMap<>();

        private Changes set(String component, Object value) {
            values.put(component, value);
            return this;
        }

        public Changes id(long id) {
            return set("id", id);
        }

        public Changes status(TaskStatus status) {
            return set("status", status);
        }

        public Changes start(Instant start) {
            return set("start", start);
        }

        public Changes end(Instant end) {
            return set("end", end);
        }

        public Changes commit(String hash, String message) {
            return set("commitHash", hash).set("commitMessage", message);
        }

        public Changes logLostLines(long lines) {
            return set("logLostLines", lines);
        }
    }
}
