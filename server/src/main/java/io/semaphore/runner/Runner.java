package io.semaphore.runner;

import java.time.Instant;

/**
 * A remote runner as Semaphore has it ({@code db/Runner.go}): global when {@code projectId} is null, else owned by
 * that project. {@code touched} is when it last polled (null: never). Its token is never part of it: the server
 * keeps only the token's SHA-256. {@code maxParallelTasks} 0 is unlimited; {@code tag} empty is no tag.
 */
public record Runner(int id, Integer projectId, String name, String webhook, int maxParallelTasks, boolean active,
                     String tag, Instant touched, Instant created) {
    public Runner {
        name = name == null ? "" : name;
        webhook = webhook == null ? "" : webhook;
        tag = tag == null ? "" : tag;
    }

    /** Polled within {@link RunnerService#OFFLINE_AFTER} of {@code now}. */
    public boolean onlineAt(Instant now) {
        return touched != null && !touched.plus(RunnerService.OFFLINE_AFTER).isBefore(now);
    }
}
