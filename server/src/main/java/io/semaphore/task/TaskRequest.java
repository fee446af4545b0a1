package io.semaphore.task;

/**
 * Body of {@code POST /api/project/{id}/tasks} (Semaphore's task fields). {@code environment}, {@code secret} and
 * {@code arguments} are JSON text, as Semaphore sends them. {@code secret} is never stored.
 */
public record TaskRequest(Integer templateId, Boolean debug, Boolean dryRun, Boolean diff, String playbook,
                          String environment, String secret, String limit, String arguments, String gitBranch,
                          Integer inventoryId, String message, String commitHash, Long buildTaskId, String version) {
    @Override
    public String toString() {
        return "TaskRequest[template " + templateId + "]";
    }
}
