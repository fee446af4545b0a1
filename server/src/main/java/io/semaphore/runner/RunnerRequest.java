package io.semaphore.runner;

/**
 * What a person sets on a runner (create and update bodies): Semaphore's {@code name, webhook, max_parallel_tasks,
 * active}, and {@code tag}. Null fields keep their current value on update (create: empty, 0, active).
 */
public record RunnerRequest(Integer id, Integer projectId, String name, String webhook, Integer maxParallelTasks,
                            Boolean active, String tag) {
    public static RunnerRequest of(String name, String webhook, Integer maxParallelTasks, Boolean active, String tag) {
        return new RunnerRequest(null, null, name, webhook, maxParallelTasks, active, tag);
    }
}
