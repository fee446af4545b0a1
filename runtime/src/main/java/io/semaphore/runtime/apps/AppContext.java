package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.process.Command;
import io.semaphore.runtime.process.LineSink;
import io.semaphore.runtime.process.ProcessResult;
import io.semaphore.runtime.process.ProcessSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an app runs with: the job, the repository folder it was checked out to, the (masking) listener, the job's
 * process session, and the environment for tools the app starts itself (ssh-agent).
 */
public final class AppContext {
    private static final Pattern ERRNO = Pattern.compile("error[=:] ?(\\d+)");
    private final JobSpec spec;
    private final Path root;
    private final JobListener listener;
    private final ProcessSession session;
    private final Map<String, String> toolEnv;

    public AppContext(JobSpec spec, Path root, JobListener listener, ProcessSession session,
                      Map<String, String> toolEnv) {
        this.spec = spec;
        this.root = root.toAbsolutePath().normalize();
        this.listener = listener;
        this.session = session;
        this.toolEnv = Map.copyOf(toolEnv);
    }

    public JobSpec spec() {
        return spec;
    }

    /** The repository's root folder. */
    public Path root() {
        return root;
    }

    public JobListener listener() {
        return listener;
    }

    Map<String, String> toolEnv() {
        return toolEnv;
    }

    /** The configured binary (JobSpec.appPath) or the app's default. */
    String binary(String defaultName) {
        return spec.appPath() == null || spec.appPath().isBlank() ? defaultName : spec.appPath();
    }

    /**
     * The start of the app's command line: its binary, then the app's own arguments (JobSpec.appArgs) when an
     * administrator set some, else {@code defaultArgs} (as Semaphore does: the app's args replace its default ones).
     */
    List<String> command(String defaultName, List<String> defaultArgs) {
        List<String> argv = new ArrayList<>();
        argv.add(binary(defaultName));
        argv.addAll(spec.appArgs().isEmpty() ? defaultArgs : spec.appArgs());
        return argv;
    }

    /**
     * A path relative to the repository root; refuses blank paths, paths that lead outside the repository, and
     * names starting with '-', which a program would read as an option (the server refuses them too).
     */
    Path inRepository(String relative, String what) {
        if (relative == null || relative.isBlank()) {
            throw new AppException(what + " is not set");
        }
        if (relative.startsWith("-")) {
            throw new AppException(what + " " + relative + " starts with '-', which would be read as an option");
        }
        Path path = root.resolve(relative).normalize();
        boolean inside = path.startsWith(root);
        try {
            if (inside && Files.exists(path)) {
                inside = path.toRealPath().startsWith(root.toRealPath()); // no symbolic link out
            }
        } catch (IOException e) {
            throw new AppException("Cannot read " + what.toLowerCase() + " " + relative + ": " + e.getMessage());
        }
        if (!inside) {
            throw new AppException(what + " " + relative + " is outside the repository");
        }
        return path;
    }

    /**
     * The process environment: the job's base environment (HOME defaults to the work folder), then the app's
     * defaults, then the job's own variables (which may override the defaults), then PWD.
     */
    Map<String, String> env(Map<String, String> appDefaults, Path cwd) {
        Map<String, String> env = new HashMap<>(spec.baseEnv());
        env.putIfAbsent("HOME", spec.workDir().toString());
        env.putAll(appDefaults);
        env.putAll(spec.env());
        env.put("PWD", cwd.toString());
        return env;
    }

    /** Runs one process; every line goes to the log. The main process marks the job running when it starts. */
    ProcessResult run(List<String> argv, Path cwd, Map<String, String> env, boolean main)
            throws InterruptedException {
        return run(argv, cwd, env, main, (time, line) -> {});
    }

    /** As {@link #run(List, Path, Map, boolean)}, also showing each line to {@code observer}. */
    ProcessResult run(List<String> argv, Path cwd, Map<String, String> env, boolean main, LineSink observer)
            throws InterruptedException {
        var command = Command.of(argv, cwd, env);
        try {
            return session.run(command, (time, line) -> {
                listener.log(time, line);
                observer.line(time, line);
            }, main ? listener::running : () -> {});
        } catch (IOException e) {
            throw new AppException("Cannot run " + argv.getFirst() + ": " + startFailure(e));
        }
    }

    /** The reason a program did not start, the same on every JDK ("No such file or directory"). */
    static String startFailure(IOException e) {
        String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        Matcher errno = ERRNO.matcher(message == null ? "" : message);
        if (errno.find()) {
            return switch (errno.group(1)) {
                case "2" -> "No such file or directory";
                case "13" -> "Permission denied";
                default -> message.strip();
            };
        }
        return message == null ? e.toString() : message.strip();
    }

    /** SUCCESS for exit code 0, STOPPED when stopped, else ERROR "<what> exited with code N" (or timed out). */
    static JobResult outcome(ProcessResult result, String what) {
        if (result.stopped()) {
            return JobResult.stopped();
        }
        if (result.timedOut()) {
            return JobResult.error(what + " timed out");
        }
        return result.exitCode() == 0 ? JobResult.success()
                : JobResult.error(what + " exited with code " + result.exitCode());
    }

    boolean stopped() {
        return session.stopped();
    }
}
