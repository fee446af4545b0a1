package io.semaphore.task.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.semaphore.json.EmptyWhenNull;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A task: one run of a template (table {@code task}). JSON as Semaphore's {@code Task}; list endpoints add the
 * template's and user's names ({@code tpl_*}, {@code user_name}) as Semaphore's {@code TaskWithTpl} does. Text
 * fields are never null in JSON (Semaphore's API types them as strings): null, meaning not set, is written {@code ""};
 * {@code git_branch} stays null when not chosen, as Semaphore's description allows and its clients expect.
 * Beyond Semaphore's fields: {@code log_incomplete} and {@code log_lost_lines}, output lines the database refused;
 * {@code stopped_by} and {@code stopped_by_name}, the user whose stop request ended the task (null when nobody did).
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
                   long logLostLines, Integer stoppedBy, String stoppedByName) {

    /** A task whose log is complete so far (a new one). */
    public Task(long id, int templateId, int projectId, TaskStatus status, boolean debug, boolean dryRun,
                boolean diff, String playbook, String environment, String limit, String arguments,
                String gitBranch, Integer inventoryId, Integer userId, Integer integrationId, Integer scheduleId,
                Instant created, Instant start, Instant end, String message, String commitHash,
                String commitMessage, Long buildTaskId, String version, String tplPlaybook, String tplAlias,
                String tplType, String tplApp, String userName) {
        this(id, templateId, projectId, status, debug, dryRun, diff, playbook, environment, limit, arguments,
                gitBranch, inventoryId, userId, integrationId, scheduleId, created, start, end, message, commitHash,
                commitMessage, buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName, 0, null, null);
    }

    /**
     * Nothing more comes of the task: its status is final and, for a rejected plan, its run has ended too (its end
     * time is set; a remote runner still has to hear the answer and stop until then).
     */
    public boolean runOver() {
        return status.finished() && !(status == TaskStatus.REJECTED && end == null);
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
        Object[] args = change.apply(new Changes()).values;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == UNCHANGED) {
                    args[i] = (Object) GETTERS[i].invokeExact(this);
                }
            }
            return (Task) CANONICAL.invokeExact(args);
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot copy task " + id, e);
        }
    }

    private static final RecordComponent[] COMPONENTS = Task.class.getRecordComponents();
    /** Each component's accessor, as {@code (Task) -> Object}; method handles, so the JIT inlines the copy. */
    private static final MethodHandle[] GETTERS = new MethodHandle[COMPONENTS.length];
    /** The canonical constructor, as {@code (Object[]) -> Task}. */
    private static final MethodHandle CANONICAL;
    private static final Object UNCHANGED = new Object();

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                GETTERS[i] = lookup.unreflect(COMPONENTS[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, Task.class));
            }
            CANONICAL = lookup.unreflectConstructor(Task.class.getDeclaredConstructor(
                            Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new)))
                    .asSpreader(Object[].class, COMPONENTS.length)
                    .asType(MethodType.methodType(Task.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static int component(String name) {
        for (int i = 0; i < COMPONENTS.length; i++) {
            if (COMPONENTS[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Task has no field " + name);
    }

    private static final int ID = component("id");
    private static final int STATUS = component("status");
    private static final int START = component("start");
    private static final int END = component("end");
    private static final int COMMIT_HASH = component("commitHash");
    private static final int COMMIT_MESSAGE = component("commitMessage");
    private static final int LOG_LOST_LINES = component("logLostLines");
    private static final int STOPPED_BY = component("stoppedBy");
    private static final int STOPPED_BY_NAME = component("stoppedByName");

    /** The fields the engine changes. */
    public static final class Changes {
        private final Object[] values = new Object[COMPONENTS.length];

        private Changes() {
            Arrays.fill(values, UNCHANGED);
        }

        private Changes set(int component, Object value) {
            values[component] = value;
            return this;
        }

        public Changes id(long id) {
            return set(ID, id);
        }

        public Changes status(TaskStatus status) {
            return set(STATUS, status);
        }

        public Changes start(Instant start) {
            return set(START, start);
        }

        public Changes end(Instant end) {
            return set(END, end);
        }

        public Changes commit(String hash, String message) {
            return set(COMMIT_HASH, hash).set(COMMIT_MESSAGE, message);
        }

        public Changes logLostLines(long lines) {
            return set(LOG_LOST_LINES, lines);
        }

        public Changes stoppedBy(Integer userId, String name) {
            return set(STOPPED_BY, userId).set(STOPPED_BY_NAME, name);
        }
    }
}
