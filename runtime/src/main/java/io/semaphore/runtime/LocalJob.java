package io.semaphore.runtime;

import io.semaphore.runtime.apps.App;
import io.semaphore.runtime.apps.AppContext;
import io.semaphore.runtime.apps.AppException;
import io.semaphore.runtime.apps.Apps;
import io.semaphore.runtime.git.GitCheckout;
import io.semaphore.runtime.git.GitException;
import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobRunner.RunningJob;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.process.LogMask;
import io.semaphore.runtime.process.ProcessRunner;
import io.semaphore.runtime.process.ProcessSession;
import io.semaphore.runtime.ssh.SshAgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One job: "Preparing", checkout, then the app; maps every failure to a log line and a result. */
final class LocalJob implements RunningJob {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);
    /** For the tools the runtime starts itself when the job's base environment has no PATH. */
    private static final String FALLBACK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final JobSpec spec;
    private final MaskingListener listener;
    private final ProcessSession session;
    private final GitCheckout.Timeouts gitTimeouts;
    private final Clock clock;
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();

    LocalJob(JobSpec spec, JobListener listener, ProcessRunner runner, GitCheckout.Timeouts gitTimeouts, Clock clock) {
        this.spec = spec;
        this.listener = new MaskingListener(listener, LogMask.of(secrets(spec)));
        this.session = new ProcessSession(runner, this.listener::processStarted);
        this.gitTimeouts = gitTimeouts;
        this.clock = clock;
    }

    void start() {
        Thread.ofVirtual().name("job-" + spec.taskId()).start(this::run);
    }

    @Override
    public JobResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            return JobResult.error("Job failed: " + e.getCause()); // not reached: run() completes normally
        }
    }

    @Override
    public void stop(boolean force) {
        session.stop(force);
        listener.cancelConfirmation();
    }

    private void run() {
        JobResult outcome;
        try {
            outcome = execute();
        } catch (InterruptedException e) {
            outcome = session.stopped() ? JobResult.stopped() : JobResult.error("The job was interrupted");
        } catch (AppException | GitException | SshAgentException e) {
            outcome = session.stopped() ? JobResult.stopped() : JobResult.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Task {} failed", spec.taskId(), e);
            outcome = session.stopped() ? JobResult.stopped() : JobResult.error("Job failed: " + e);
        } catch (Error e) {
            LOG.error("Task {} failed", spec.taskId(), e);
            outcome = JobResult.error("Job failed: " + e);
        }
        if (outcome.outcome() == JobResult.Outcome.ERROR && !outcome.reason().isEmpty()) {
            log(outcome.reason());
        }
        result.complete(outcome);
    }

    private JobResult execute() throws InterruptedException {
        log("Preparing: task " + spec.taskId());
        App app = Apps.of(spec.app()).orElseThrow(() -> new AppException("Unknown app: " + spec.app()));
        if (spec.repository() == null) {
            throw new AppException("The task has no repository");
        }
        try {
            Files.createDirectories(spec.workDir(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new AppException("Cannot create the work folder " + spec.workDir() + ": " + e.getMessage());
        }
        Map<String, String> toolEnv = toolEnv();
        Path root = new GitCheckout(session, listener, toolEnv, spec.workDir(), gitTimeouts, spec.sshConfigPath())
                .checkout(spec.repository(), spec.repositoryDir());
        if (session.stopped()) {
            return JobResult.stopped();
        }
        return app.run(new AppContext(spec, root, listener, session, toolEnv));
    }

    /** The job's base environment, with PATH and HOME for the tools the runtime starts (git, ssh-agent). */
    private Map<String, String> toolEnv() {
        Map<String, String> env = new HashMap<>(spec.baseEnv());
        env.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", FALLBACK_PATH));
        env.putIfAbsent("HOME", spec.workDir().toString());
        return env;
    }

    private void log(String line) {
        try {
            listener.log(clock.instant(), line);
        } catch (RuntimeException e) {
            LOG.warn("Task {}: cannot log \"{}\"", spec.taskId(), line, e);
        }
    }

    /** The job's secrets plus every secret value the spec carries (keys, passwords, secret vars, vaults). */
    static List<String> secrets(JobSpec spec) {
        List<String> all = new ArrayList<>(spec.secrets());
        all.addAll(spec.secretVars().values());
        spec.vaults().forEach(vault -> addIfSet(all, vault.password()));
        if (spec.repository() != null) {
            addKey(all, spec.repository().key());
        }
        if (spec.inventory() != null) {
            addKey(all, spec.inventory().sshKey());
            addKey(all, spec.inventory().becomeKey());
        }
        return all;
    }

    private static void addKey(List<String> all, KeyMaterial key) {
        if (key != null) {
            addIfSet(all, key.password());
            addIfSet(all, key.privateKey());
            addIfSet(all, key.passphrase());
        }
    }

    private static void addIfSet(List<String> all, String value) {
        if (value != null && !value.isEmpty()) {
            all.add(value);
        }
    }
}
