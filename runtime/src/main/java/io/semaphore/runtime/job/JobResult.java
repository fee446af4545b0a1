package io.semaphore.runtime.job;

/** How a job ended: success, error (with a one-line reason, also logged), or stopped on request. */
public record JobResult(Outcome outcome, String reason) {
    public enum Outcome { SUCCESS, ERROR, STOPPED }

    public static JobResult success() {
        return new JobResult(Outcome.SUCCESS, "");
    }

    public static JobResult error(String reason) {
        return new JobResult(Outcome.ERROR, reason);
    }

    public static JobResult stopped() {
        return new JobResult(Outcome.STOPPED, "stopped");
    }
}
