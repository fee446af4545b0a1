package io.semaphore.runtime.git;

import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobSpec.RepositorySpec;
import io.semaphore.runtime.process.Command;
import io.semaphore.runtime.process.ProcessResult;
import io.semaphore.runtime.process.ProcessSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Brings a repository's working copy to the wanted branch and commit and reports the commit to the listener.
 * A URL starting with "/" is a local folder used in place. Otherwise the working copy in {@code repositoryDir} is
 * cloned ({@code git clone --recursive --branch=<branch> -- <url> <dir>}) when missing, invalid or of another URL,
 * and else fetched and reset to {@code origin/<branch>} (untracked files such as terraform state stay). A commit to
 * check out is first resolved to its full hash ({@code git rev-parse --verify --end-of-options <commit>^{commit}}),
 * so git reads neither a branch nor a commit as an option; names starting with '-' or holding spaces or control
 * characters are refused before git runs (the server refuses them too). Git output goes to the log; a failure is a
 * {@link GitException} naming the step, the URL and git's error line.
 */
public final class GitCheckout {
    /** Time limits: clone and fetch (network), and the other, local commands. */
    public record Timeouts(Duration network, Duration local) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    static final int MAX_SUBJECT = 100;

    private final ProcessSession session;
    private final JobListener listener;
    private final Map<String, String> toolEnv;
    private final Path workDir;
    private final Timeouts timeouts;
    private final String sshConfigPath;

    /**
     * @param toolEnv environment of the git commands (PATH, HOME); the credentials' variables are added to it
     * @param workDir the job's private folder, where agent sockets and askpass helpers live while git runs
     */
    public GitCheckout(ProcessSession session, JobListener listener, Map<String, String> toolEnv, Path workDir,
                       Timeouts timeouts) {
        this(session, listener, toolEnv, workDir, timeouts, "");
    }

    /** @param sshConfigPath the server's ssh_config_path, given to git's ssh with -F (empty: ssh's default files) */
    public GitCheckout(ProcessSession session, JobListener listener, Map<String, String> toolEnv, Path workDir,
                       Timeouts timeouts, String sshConfigPath) {
        this.session = session;
        this.listener = listener;
        this.toolEnv = Map.copyOf(toolEnv);
        this.workDir = workDir;
        this.timeouts = timeouts;
        this.sshConfigPath = sshConfigPath == null ? "" : sshConfigPath;
    }

    /** Checks the repository out and returns the folder to work in (repositoryDir, or the local path). */
    public Path checkout(RepositorySpec repository, @Nullable Path repositoryDir) throws InterruptedException {
        String url = repository.url();
        if (url == null || url.isBlank()) {
            throw new GitException("The repository has no URL");
        }
        if (url.startsWith("/")) {
            return useInPlace(Path.of(url));
        }
        if (repositoryDir == null) {
            throw new GitException("Cannot clone " + url + ": no folder for the working copy");
        }
        requireName("branch", repository.branch());
        requireName("commit", repository.commitHash());
        try (GitAuth auth = GitAuth.open(repository.key(), workDir, toolEnv, sshConfigPath)) {
            if (isCloneOf(repositoryDir, url)) {
                update(repositoryDir, url, repository.branch(), auth);
            } else {
                clone(repositoryDir, url, repository.branch(), auth);
            }
            String hash = repository.commitHash();
            if (hash != null && !hash.isBlank()) {
                String failure = "Cannot check out commit " + hash;
                Output resolved = git(repositoryDir, auth.env(), auth.options(), timeouts.local(), false,
                        "rev-parse", "--verify", "--end-of-options", hash.strip() + "^{commit}");
                require(resolved, timeouts.local(), failure, "rev-parse");
                String commit = resolved.lines().stream().map(String::strip).filter(l -> l.matches("[0-9a-f]{40,64}"))
                        .findFirst().orElseThrow(() -> new GitException(failure + ": " + resolved.errorLine()));
                run(repositoryDir, auth, timeouts.local(), true, failure, "checkout", "--force", "--detach", commit);
                updateSubmodules(repositoryDir, url, auth);
            }
        }
        report(repositoryDir);
        return repositoryDir;
    }

    private Path useInPlace(Path folder) throws InterruptedException {
        if (!Files.isDirectory(folder)) {
            throw new GitException("Repository folder " + folder + " does not exist");
        }
        if (Files.exists(folder.resolve(".git"))) {
            report(folder);
        }
        return folder;
    }

    private boolean isCloneOf(Path dir, String url) throws InterruptedException {
        if (!Files.isDirectory(dir.resolve(".git"))) {
            return false;
        }
        Output origin = git(dir, baseEnv(), List.of(), timeouts.local(), false,
                "config", "--get", "remote.origin.url");
        ProcessResult result = origin.result();
        if (result.stopped() || result.timedOut()) { // never delete a working copy we could not look at
            throw new GitException("Cannot read the origin of " + dir + ": "
                    + (result.stopped() ? "stopped" : "git config timed out"));
        }
        return result.success() && origin.lines().equals(List.of(url));
    }

    private void clone(Path dir, String url, @Nullable String branch, GitAuth auth) throws InterruptedException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || dir.toAbsolutePath().getNameCount() < 2) {
            throw new GitException("Cannot clone into " + dir + ": not a folder of its own");
        }
        try {
            PrivateFiles.deleteRecursively(dir); // an invalid working copy, or a clone of another URL
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new GitException("Cannot clone " + url + ": cannot prepare " + dir + ": " + e.getMessage());
        }
        List<String> args = new ArrayList<>(List.of("clone", "--recursive"));
        if (branch != null && !branch.isBlank()) {
            args.add("--branch=" + branch);
        }
        args.addAll(List.of("--", url, dir.getFileName().toString()));
        run(parent, auth, timeouts.network(), true, "Cannot clone " + url, args.toArray(String[]::new));
    }

    private void update(Path dir, String url, @Nullable String branch, GitAuth auth) throws InterruptedException {
        run(dir, auth, timeouts.network(), true, "Cannot fetch " + url, "fetch", "--prune", "origin");
        if (branch == null || branch.isBlank()) {
            run(dir, auth, timeouts.local(), true, "Cannot check out the default branch of " + url,
                    "checkout", "--force", "--detach", "origin/HEAD");
        } else {
            run(dir, auth, timeouts.local(), true, "Cannot check out branch " + branch + " of " + url,
                    "checkout", "--force", "-B", branch, "origin/" + branch);
        }
        updateSubmodules(dir, url, auth);
    }

    private void updateSubmodules(Path dir, String url, GitAuth auth) throws InterruptedException {
        if (Files.exists(dir.resolve(".gitmodules"))) {
            run(dir, auth, timeouts.network(), true, "Cannot update the submodules of " + url,
                    "submodule", "update", "--init", "--recursive", "--force");
        }
    }

    /** Reports HEAD's hash and subject (at most 100 characters) to the listener. */
    private void report(Path dir) throws InterruptedException {
        String hash = GitHead.resolve(dir).orElse(null);
        if (hash == null) {
            Output head = git(dir, baseEnv(), List.of(), timeouts.local(), false, "rev-parse", "HEAD");
            if (!head.result().success() || head.lines().isEmpty()) {
                return;
            }
            hash = head.lines().getFirst().strip();
        }
        String message = GitHead.subject(hash).orElse(null);
        if (message == null) {
            Output subject = git(dir, baseEnv(), List.of(), timeouts.local(), false, "log", "-1", "--format=%s", hash);
            message = subject.lines().isEmpty() ? "" : subject.lines().getFirst();
            if (message.length() > MAX_SUBJECT) {
                message = message.substring(0, MAX_SUBJECT);
            }
            if (subject.result().success()) {
                GitHead.rememberSubject(hash, message);
            }
        }
        listener.commit(hash, message);
    }

    private void run(Path cwd, GitAuth auth, Duration timeout, boolean log, String failure, String... args)
            throws InterruptedException {
        require(git(cwd, auth.env(), auth.options(), timeout, log, args), timeout, failure, args[0]);
    }

    /** Returns when git succeeded; else a GitException: "<failure>: stopped", "... timed out" or git's error line. */
    private static void require(Output output, Duration timeout, String failure, String command) {
        if (output.result().success()) {
            return;
        }
        if (output.result().stopped()) {
            throw new GitException(failure + ": stopped");
        }
        if (output.result().timedOut()) {
            throw new GitException(failure + ": git " + command + " timed out after " + describe(timeout));
        }
        throw new GitException(failure + ": " + output.errorLine());
    }

    /** A branch or commit that git could read as an option, or that no git name can hold, never reaches git. */
    private static void requireName(String what, @Nullable String name) {
        if (name != null && (name.strip().startsWith("-")
                || name.strip().chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20 || c == 0x7f))) {
            throw new GitException("Cannot check out " + what + " '" + name.strip() + "': a name starting with '-' or"
                    + " holding spaces or control characters is refused");
        }
    }

    private Output git(Path cwd, Map<String, String> env, List<String> options, Duration timeout, boolean log,
                       String... args) throws InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(options);
        argv.addAll(List.of(args));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            ProcessResult result = session.run(Command.of(argv, cwd, env).withTimeout(timeout), (time, line) -> {
                lines.add(line);
                if (log) {
                    listener.log(time, line);
                }
            });
            return new Output(result, List.copyOf(lines));
        } catch (IOException e) {
            throw new GitException("Cannot run git: " + e.getMessage());
        }
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>(toolEnv);
        env.put("GIT_TERMINAL_PROMPT", "0");
        return env;
    }

    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private record Output(ProcessResult result, List<String> lines) {
        /** Git's own error line: the last "fatal:" or "error:" line, else the last line. */
        String errorLine() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.startsWith("fatal:") || line.startsWith("error:") || line.startsWith("ERROR:")) {
                    return line;
                }
            }
            return lines.stream().filter(line -> !line.isBlank()).reduce((a, b) -> b)
                    .orElse("git exited with code " + result.exitCode());
        }
    }
}
