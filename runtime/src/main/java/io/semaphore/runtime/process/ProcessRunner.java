package io.semaphore.runtime.process;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Starts processes: argv only (never a shell string), an explicit environment that starts empty, stdout and stderr
 * merged into one ordered stream of lines. Each line goes to the sink with the {@link Clock}'s instant.
 */
public final class ProcessRunner {
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration stopGrace;

    /** @param stopGrace how long a stopped process tree has between SIGTERM and SIGKILL */
    public ProcessRunner(Clock clock, Duration stopGrace) {
        this.clock = clock;
        this.stopGrace = stopGrace;
    }

    public ProcessRunner() {
        this(Clock.systemUTC(), DEFAULT_STOP_GRACE);
    }

    /** Starts the process; its lines go to {@code sink} until it ends. Throws when it cannot be started. */
    public RunningProcess start(Command command, LineSink sink) throws IOException {
        var builder = new ProcessBuilder(command.argv())
                .directory(command.cwd().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(command.env());
        Process process = builder.start();
        return new RunningProcess(process, command, sink, clock, stopGrace);
    }

    /** Starts the process and waits for its end. */
    public ProcessResult run(Command command, LineSink sink) throws IOException, InterruptedException {
        return start(command, sink).await();
    }
}
