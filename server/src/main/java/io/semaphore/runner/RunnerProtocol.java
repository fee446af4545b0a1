package io.semaphore.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes of Semaphore's runner protocol ({@code /api/internal/runners}, Semaphore's
 * {@code services/runners/types.go}), names as Semaphore writes them (some capitalised: its structs have no JSON tags
 * there). Ours adds {@code seq} to a log record: the 1-based number of the line in its job's output, counted by the
 * runner, so the server stores each line once however often a batch is sent.
 */
public final class RunnerProtocol {
    private RunnerProtocol() {}

    /** {@code POST /api/internal/runners}. Semaphore's {@code public_key} is accepted and not used. */
    public record Registration(@JsonProperty("registration_token") String registrationToken,
                               @JsonProperty("webhook") String webhook,
                               @JsonProperty("max_parallel_tasks") Integer maxParallelTasks,
                               @JsonProperty("public_key") String publicKey,
                               @JsonProperty("name") String name,
                               @JsonProperty("tag") String tag) {}

    public record Registered(@JsonProperty("token") String token) {}

    /** A task the runner has, as the server sees it now (stopping: stop it; confirmed: apply the plan). */
    public record JobState(@JsonProperty("id") long id, @JsonProperty("status") String status) {}

    /**
     * The answer to a poll: the runner's tasks already started, the tasks to start (Semaphore's {@code JobData}) and
     * the decrypted keys they need, by key id.
     */
    public record State(@JsonProperty("CurrentJobs") List<JobState> currentJobs,
                        @JsonProperty("new_jobs") List<ObjectNode> newJobs,
                        @JsonProperty("access_keys") Map<String, ObjectNode> accessKeys) {}

    /** A line of output; {@code seq} is ours (absent from Semaphore's runners: such lines are appended as they come). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogRecord(@JsonProperty("time") Instant time, @JsonProperty("message") String message,
                            @JsonProperty("seq") Long seq) {}

    public record Commit(@JsonProperty("hash") String hash, @JsonProperty("message") String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobProgress(@JsonProperty("ID") long id, @JsonProperty("Status") String status,
                              @JsonProperty("LogRecords") List<LogRecord> logRecords,
                              @JsonProperty("Commit") Commit commit) {}

    /** {@code PUT /api/internal/runners}. */
    public record Progress(@JsonProperty("Jobs") List<JobProgress> jobs) {}
}
