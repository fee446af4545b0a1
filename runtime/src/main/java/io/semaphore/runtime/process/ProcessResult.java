package io.semaphore.runtime.process;

/** How a process ended: its exit code (128 + signal when killed), and whether it was stopped or timed out. */
public record ProcessResult(int exitCode, boolean stopped, boolean timedOut) {
    /** A process that was never started because its session had been stopped. */
    public static final ProcessResult NOT_STARTED = new ProcessResult(-1, true, false);

    public boolean success() {
        return exitCode == 0 && !stopped && !timedOut;
    }
}
