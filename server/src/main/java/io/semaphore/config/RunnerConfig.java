package io.semaphore.config;

/** The {@code runner} block: used by {@code semaphore runner} (the remote runner side). */
public record RunnerConfig(
        String registrationToken, String token, String tokenFile, boolean oneOff, String webhook,
        Integer maxParallelTasks) {
    public RunnerConfig {
        registrationToken = registrationToken == null ? "" : registrationToken;
        token = token == null ? "" : token;
        tokenFile = tokenFile == null ? "" : tokenFile;
        webhook = webhook == null ? "" : webhook;
        maxParallelTasks = maxParallelTasks == null ? 1 : maxParallelTasks;
    }

    public static RunnerConfig defaults() {
        return new RunnerConfig(null, null, null, false, null, null);
    }

    @Override
    public String toString() {
        return "RunnerConfig[tokenFile=" + tokenFile + ", oneOff=" + oneOff + ", webhook=" + webhook + "]";
    }
}
