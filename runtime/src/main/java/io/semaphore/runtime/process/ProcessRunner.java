package io.semaphore.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts processes: argv only (never a shell string), an explicit environment that starts empty, stdout and stderr
 * merged into one ordered stream of lines. Each line goes to the sink with the {@link Clock}'s instant; a line
 * longer than the limit is cut there. Each process leads a session of its own (see {@link Sessions}) where
 * {@code setsid} is available.
 */
public final class ProcessRunner {
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private final Clock clock;
    private final Duration stopGrace;
    private final int maxLineBytes;
    private final @Nullable Path setsid;

    /** @param stopGrace how long a stopped process tree has between SIGTERM and SIGKILL */
    public ProcessRunner(Clock clock, Duration stopGrace) {
        this(clock, stopGrace, DEFAULT_MAX_LINE_BYTES);
    }

    /** @param maxLineBytes longer output lines are cut at this many bytes (UTF-8), the rest of the line dropped */
    public ProcessRunner(Clock clock, Duration stopGrace, int maxLineBytes) {
        this(clock, stopGrace, maxLineBytes, Sessions.setsid().orElse(null));
    }

    /** @param setsid the setsid program, or null to start processes in this JVM's session */
    ProcessRunner(Clock clock, Duration stopGrace, int maxLineBytes, @Nullable Path setsid) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.clock = clock;
        this.stopGrace = stopGrace;
        this.maxLineBytes = maxLineBytes;
        this.setsid = setsid;
    }

    public ProcessRunner() {
        this(Clock.systemUTC(), DEFAULT_STOP_GRACE);
    }

    /** Time a stopped process has between SIGTERM and SIGKILL. */
    public Duration stopGrace() {
        return stopGrace;
    }

    /** Starts the process; its lines go to {@code sink} until it ends. Throws when it cannot be started. */
    public RunningProcess start(Command command, LineSink sink) throws IOException {
        Path program = setsid == null ? null : executable(command);
        List<String> argv = command.argv();
        if (program != null) {
            // setsid(1) calls setsid() and execs the program in the same process: the pid stays the session's id.
            // It forks only when the caller leads a process group, which a JVM's child never does; "-w" makes a
            // forked one wait and pass the exit code on all the same.
            argv = new ArrayList<>(List.of(setsid.toString(), "-w", program.toString()));
            argv.addAll(command.argv().subList(1, command.argv().size()));
        }
        var builder = new ProcessBuilder(argv)
                .directory(command.cwd().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(command.env());
        long before = program == null ? -1 : Sessions.uptimeTicks();
        Process process = builder.start();
        SessionId session = program == null ? null : Sessions.ledBy(process.pid(), before).orElse(null);
        return new RunningProcess(process, command, sink, clock, stopGrace, maxLineBytes, session);
    }

    /** Starts the process and waits for its end. */
    public ProcessResult run(Command command, LineSink sink) throws IOException, InterruptedException {
        return start(command, sink).await();
    }

    /**
     * The program as Java would run it (argv[0] found on this JVM's PATH unless it holds a slash, then relative to
     * the working folder); null when it is not an executable file: then it is started without setsid, so a missing
     * program fails in {@link #start} exactly as before rather than in setsid.
     */
    private static @Nullable Path executable(Command command) {
        String name = command.argv().getFirst();
        if (name.contains("/")) {
            Path p = command.cwd().resolve(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        return null;
    }
}
