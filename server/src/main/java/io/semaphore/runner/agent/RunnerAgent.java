package io.semaphore.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.config.Config;
import io.semaphore.json.Json;
import io.semaphore.runner.RunnerProtocol;
import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.task.run.JobSpecs;
import io.semaphore.task.state.Task;
import io.semaphore.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's loop, once a second: first send what the jobs reported (lines in order, batched; a batch that was
 * not acknowledged is sent again, and the server keeps each line once by its {@code seq}), then poll: start new
 * jobs, pass stops and confirmations to running ones, stop jobs the server no longer counts as ours.
 */
public final class RunnerAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerAgent.class);
    static final long TICK_MS = 1000;
    static final int MAX_LINES_PER_JOB = 2000;
    private static final long COMPLAIN_EVERY_MS = 30_000;

    private final RunnerClient client;
    private final Config config;
    private final JobRunner jobRunner;
    private final boolean oneOff;
    private final Consumer<String> say;
    private final Map<Long, AgentJob> jobs = new ConcurrentHashMap<>();
    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
    private volatile boolean closed;
    private volatile boolean tookWork;
    private long lastComplaint;
    private Thread thread;

    /**
     * @param config   the runner's configuration (its {@code web_host} is the server; {@code tmp_path}, apps, the
     *                 variables to forward)
     * @param say      where the runner tells its operator what happens (stdout of {@code semaphore runner start})
     */
    public RunnerAgent(RunnerClient client, Config config, JobRunner jobRunner, Consumer<String> say) {
        this.client = client;
        this.config = config;
        this.jobRunner = jobRunner;
        this.oneOff = config.runner().oneOff();
        this.say = say;
    }

    public void start() {
        thread = Thread.ofPlatform().name("runner-agent").start(this::loop);
    }

    /** Runs the loop on this thread until {@link #close} (or, for a one-off runner, its job is done). */
    public void loop() {
        while (!closed) {
            long started = System.currentTimeMillis();
            try {
                push();
                if (!closed) {
                    poll();
                }
                if (oneOff && tookWork && jobs.isEmpty()) {
                    say.accept("One-off runner: its job is done; exiting");
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Runner tick failed: {}", e.toString());
            }
            long wait = TICK_MS - (System.currentTimeMillis() - started);
            try {
                // A job that ended frees a slot: report it and ask for more at once rather than at the next second.
                if (wait > 0 && wake.tryAcquire(wait, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    Thread.sleep(20); // jobs ending together report together
                }
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends every job's next batch; on success drops what was acknowledged. A failure keeps all for the next tick. */
    synchronized void push() throws InterruptedException {
        while (true) {
            List<AgentJob> list = new ArrayList<>(jobs.values());
            if (list.isEmpty()) {
                return;
            }
            list.sort(Comparator.comparingLong(j -> j.id));
            List<RunnerProtocol.JobProgress> batch = new ArrayList<>();
            for (AgentJob j : list) {
                batch.add(j.next(MAX_LINES_PER_JOB));
            }
            try {
                client.progress(new RunnerProtocol.Progress(batch));
            } catch (IOException e) {
                complain("Could not send progress (kept, sent again): " + e.getMessage());
                return;
            }
            boolean more = false;
            for (int i = 0; i < list.size(); i++) {
                AgentJob j = list.get(i);
                if (j.acknowledged(batch.get(i))) {
                    jobs.remove(j.id);
                } else if (batch.get(i).logRecords().size() == MAX_LINES_PER_JOB) {
                    more = true;
                }
            }
            if (!more) {
                return;
            }
        }
    }

    void poll() throws InterruptedException {
        RunnerProtocol.State state;
        try {
            state = client.poll();
        } catch (IOException e) {
            complain("Poll failed: " + e.getMessage());
            return;
        }
        Set<Long> ours = new HashSet<>();
        if (state.currentJobs() != null) {
            for (RunnerProtocol.JobState s : state.currentJobs()) {
                ours.add(s.id());
                AgentJob j = jobs.get(s.id());
                if (j != null) {
                    j.serverSays(s.status());
                }
            }
        }
        if (state.newJobs() != null) {
            for (ObjectNode data : state.newJobs()) {
                long id = data.path("task").path("id").asLong();
                ours.add(id);
                if (jobs.containsKey(id) || closed || (oneOff && tookWork)) {
                    continue;
                }
                startJob(id, data, state.accessKeys());
            }
        }
        for (AgentJob j : jobs.values()) {
            if (!ours.contains(j.id) && !j.isEnded()) {
                say.accept("Task " + j.id + " is no longer this runner's on the server: stopping it");
                j.stop(true);
            }
        }
    }

    private void startJob(long id, ObjectNode data, Map<String, ObjectNode> keys) {
        AgentJob job = new AgentJob(id);
        jobs.put(id, job);
        tookWork = true;
        say.accept("Task " + id + ": starting");
        Thread.ofVirtual().name("runner-task-" + id).start(() -> runJob(job, data, keys));
    }

    private void runJob(AgentJob job, ObjectNode data, Map<String, ObjectNode> keys) {
        Path workDir = null;
        String end = "error";
        try {
            JsonNode taskNode = data.path("task");
            String secret = taskNode.path("secret").asText("");
            Task task = Json.MAPPER.treeToValue(taskNode, Task.class);
            Template tpl = Json.MAPPER.treeToValue(data.path("template"), Template.class);
            JobSpecs specs = new JobSpecs(new WireJobResources(data, keys), config, appSettings());
            Path tmpRoot = Path.of(config.tmpPath());
            Files.createDirectories(tmpRoot);
            workDir = Files.createTempDirectory(tmpRoot, "task_" + task.id() + "_");
            String username = data.path("Username").asText("");
            JobSpec spec = specs.build(task, tpl, secret.isEmpty() ? null : secret, username, workDir);
            JobRunner.RunningJob running = jobRunner.start(spec, job);
            job.started(running);
            JobResult result = running.await();
            end = switch (result.outcome()) {
                case SUCCESS -> "success";
                case STOPPED -> "stopped";
                case ERROR -> "error";
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.log(Instant.now(), "Task interrupted: the runner is shutting down");
        } catch (IOException | RuntimeException e) {
            log.warn("Task {} could not run", job.id, e);
            job.log(Instant.now(), "Task could not run on the runner: " + e.getMessage());
        } finally {
            job.end(end);
            PrivateFiles.deleteQuietly(workDir);
            say.accept("Task " + job.id + ": " + end);
            wake.release();
        }
    }

    /** The app's command from the runner's config ({@code apps.<id>.path}), else the app's default. */
    /** The apps as the runner's own config.json sets them ({@code apps.<id>.path} and {@code .args}). */
    private JobSpecs.AppSettings appSettings() {
        return new JobSpecs.AppSettings() {
            @Override
            public String path(String app) {
                JsonNode a = config.apps().get(app);
                String p = a == null ? "" : a.path("path").asText("");
                return p.isEmpty() ? null : p;
            }

            @Override
            public java.util.List<String> args(String app) {
                JsonNode a = config.apps().get(app);
                java.util.List<String> args = new java.util.ArrayList<>();
                if (a != null && a.path("args").isArray()) {
                    a.path("args").forEach(v -> args.add(v.asText()));
                }
                return args;
            }
        };
    }

    private void complain(String message) {
        long now = System.currentTimeMillis();
        if (now - lastComplaint >= COMPLAIN_EVERY_MS) {
            lastComplaint = now;
            say.accept(message);
        }
        log.debug(message);
    }

    /** Jobs not finished or not acknowledged yet. */
    public int jobs() {
        return jobs.size();
    }

    /** Stops polling; running jobs are stopped and their end sent (within a few seconds). */
    @Override
    public void close() {
        closed = true;
        wake.release();
        for (AgentJob j : jobs.values()) {
            j.stop(true);
        }
        if (thread != null) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!jobs.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(100);
                    push();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops at once, sending nothing more: as if the runner's machine died (tests). */
    public void kill() {
        closed = true;
        wake.release();
        if (thread != null) {
            thread.interrupt();
        }
        for (AgentJob j : jobs.values()) {
            j.stop(true);
        }
    }
}
