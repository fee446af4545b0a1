package io.semaphore.task.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.semaphore.json.EmptyWhenNull;
import java.time.Instant;

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

    /*
     * Copies with what the engine changed: it publishes these instead of reading the row back after each update
     * (the row is what it just wrote; a status someone else may have set meanwhile is checked by the update).
     */

    public Task withStatus(TaskStatus s) {
        return new Task(id, templateId, projectId, s, debug, dryRun, diff, playbook, environment, limit, arguments,
                gitBranch, inventoryId, userId, integrationId, scheduleId, created, start, end, message, commitHash,
                commitMessage, buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName, logLostLines);
    }

    public Task started(Instant at) {
        return new Task(id, templateId, projectId, TaskStatus.RUNNING, debug, dryRun, diff, playbook, environment, limit,
                arguments, gitBranch, inventoryId, userId, integrationId, scheduleId, created, at, end, message,
                commitHash, commitMessage, buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName, logLostLines);
    }

    public Task finished(TaskStatus s, Instant at, long lostLines) {
        return new Task(id, templateId, projectId, s, debug, dryRun, diff, playbook, environment, limit, arguments,
                gitBranch, inventoryId, userId, integrationId, scheduleId, created, start, at, message, commitHash,
                commitMessage, buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName,
                logLostLines + lostLines);
    }

    public Task withCommit(String hash, String subject) {
        return new Task(id, templateId, projectId, status, debug, dryRun, diff, playbook, environment, limit, arguments,
                gitBranch, inventoryId, userId, integrationId, scheduleId, created, start, end, message, hash, subject,
                buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName, logLostLines);
    }

    public Task withId(long newId) {
        return new Task(newId, templateId, projectId, status, debug, dryRun, diff, playbook, environment, limit,
                arguments, gitBranch, inventoryId, userId, integrationId, scheduleId, created, start, end, message,
                commitHash, commitMessage, buildTaskId, version, tplPlaybook, tplAlias, tplType, tplApp, userName, logLostLines);
    }
}
