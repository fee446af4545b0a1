package io.semaphore.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.config.Config;
import io.semaphore.environment.EnvironmentSecretValue;
import io.semaphore.environment.EnvironmentService;
import io.semaphore.inventory.Inventory;
import io.semaphore.inventory.InventoryService;
import io.semaphore.json.Json;
import io.semaphore.key.DecryptedKey;
import io.semaphore.key.KeyService;
import io.semaphore.project.Project;
import io.semaphore.project.ProjectStore;
import io.semaphore.repository.Repository;
import io.semaphore.repository.RepositoryService;
import io.semaphore.task.log.TaskLog;
import io.semaphore.task.run.RemoteRouting;
import io.semaphore.task.state.Task;
import io.semaphore.task.state.TaskLifecycle;
import io.semaphore.task.state.TaskStatus;
import io.semaphore.task.state.TaskStore;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateService;
import io.semaphore.template.TemplateVault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the runner protocol and the routing of tasks to runners.
 * <p>
 * <b>Which tasks go to runners</b> (what a Semaphore user expects, written down in the README): every task when
 * {@code use_remote_runner} is on (as Semaphore); a task whose template has a {@code runner_tag}; a task of a
 * project that has an active runner of its own (Semaphore's project runners). Such a task is never run by a server
 * node: it waits until a runner that may take it polls. A runner may take it when it is active and online, global
 * or of the task's project, has the template's tag (when the template has one; an untagged template's tasks go to
 * any runner) and a free slot ({@code max_parallel_tasks}, 0 = unlimited). The template's and project's limits hold
 * as for local runs. While none can take it, the task's log says why, once per reason.
 * <p>
 * <b>Claims</b> are compare-and-sets through {@link TaskLifecycle#claimForRunner}: two runners (or nodes) never
 * take one task. The poll renews the lease of the runner's tasks; {@link #checkHealth} (the engine, every second,
 * on each node: each change is a compare-and-set) fails the tasks of a runner silent for
 * {@link RunnerService#OFFLINE_AFTER}, or puts one it had not started back in the queue.
 * <p>
 * <b>Progress</b> (log lines, commit, status) goes through {@link TaskLog} and {@link TaskLifecycle} only. Lines
 * carrying {@code seq} are stored only beyond the task's stored {@code runner_log_seq}, so a batch sent again
 * after a lost answer adds nothing twice.
 * <p>
 * <b>Live news</b>: any node may get a runner's requests, so before this node claims, stores or moves anything of
 * a runner's task it marks the task {@link TaskLog#publishFromStore}: every node's browsers then get its lines and
 * statuses from the database, in the stored order (the log feed, {@code task.log.RemoteTaskFeed}).
 */
public final class RunnerDispatch implements RemoteRouting {
    private static final Logger log = LoggerFactory.getLogger(RunnerDispatch.class);
    private static final int QUEUE_PAGE = 50;
    private static final long CACHE_MS = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final RunnerService runners;
    private final RunnerStore store;
    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TaskLog logs;
    private final TemplateService templates;
    private final ProjectStore projects;
    private final KeyService keys;
    private final RepositoryService repositories;
    private final InventoryService inventories;
    private final EnvironmentService environments;
    private final boolean useRemoteRunner;
    private final Clock clock;
    private volatile LongFunction<String> secretOf = id -> null;
    private volatile Consumer<Task> onFinished = t -> {};
    /** Survey secrets of tasks handed to a runner, kept until the task runs (a lost answer is sent again). */
    private final Map<Long, String> handedSecrets = new ConcurrentHashMap<>();
    private final Map<Long, Object> taskLocks = new ConcurrentHashMap<>();
    private final Map<Integer, Cached<Boolean>> projectHasRunner = new ConcurrentHashMap<>();
    private final Map<Integer, Cached<String>> templateTags = new ConcurrentHashMap<>();

    private record Cached<T>(T value, long at) {}

    public RunnerDispatch(RunnerService runners, TaskStore tasks, TaskLifecycle lifecycle, TaskLog logs,
                          TemplateService templates, ProjectStore projects, KeyService keys,
                          RepositoryService repositories, InventoryService inventories,
                          EnvironmentService environments, Config config, Clock clock) {
        this.runners = runners;
        this.store = runners.store();
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.logs = logs;
        this.templates = templates;
        this.projects = projects;
        this.keys = keys;
        this.repositories = repositories;
        this.inventories = inventories;
        this.environments = environments;
        this.useRemoteRunner = config.useRemoteRunner();
        this.clock = clock;
    }

    /** Where survey secrets of queued tasks are (the scheduler of this node), and who hears of a task's end. */
    public void connect(LongFunction<String> secretOf, Consumer<Task> onFinished) {
        this.secretOf = secretOf;
        this.onFinished = onFinished;
    }

    // ---- Routing

    @Override
    public boolean remote(Task task, Template template) {
        return useRemoteRunner || !tagOf(template.id()).isEmpty() || projectHasRunner(task.projectId());
    }

    private boolean projectHasRunner(int projectId) {
        return cached(projectHasRunner, projectId, store::projectHasActiveRunner);
    }

    private String tagOf(int templateId) {
        return cached(templateTags, templateId, store::templateTag);
    }

    /** {@code read(id)}, read again once {@link #CACHE_MS} old: routing asks for each task, several times. */
    private static <T> T cached(Map<Integer, Cached<T>> cache, int id, IntFunction<T> read) {
        long now = System.currentTimeMillis();
        Cached<T> c = cache.get(id);
        if (c == null || now - c.at() > CACHE_MS) {
            c = new Cached<>(read.apply(id), now);
            cache.put(id, c);
        }
        return c.value();
    }

    /** Whether runner {@code r} may take a task of {@code projectId} whose template requires {@code tag}. */
    private static boolean fits(Runner r, int projectId, String tag) {
        return r.active() && (r.projectId() == null || r.projectId() == projectId)
                && (tag.isEmpty() || tag.equals(r.tag()));
    }

    // ---- Poll

    /**
     * A runner's poll: it is online now; its tasks' leases are renewed; it takes waiting tasks it may take while it
     * has free slots. Returns its started tasks with their status (stopping: stop it) and the tasks to start.
     */
    public RunnerProtocol.State poll(Runner r) {
        Instant now = now();
        runners.heartbeat(r.id());
        tasks.renewRunnerLeases(r.id(), now.plus(RunnerService.OFFLINE_AFTER));
        takeWaiting(r, now);
        List<RunnerProtocol.JobState> current = new ArrayList<>();
        List<ObjectNode> fresh = new ArrayList<>();
        Map<String, ObjectNode> accessKeys = new LinkedHashMap<>();
        for (Task t : tasks.ofRunner(r.id())) {
            if (t.status() == TaskStatus.STARTING) {
                try {
                    fresh.add(jobData(t, accessKeys));
                } catch (RuntimeException e) {
                    // Its resources are gone or broken: it cannot run anywhere; fail it with the reason.
                    failUnbuildable(t, e);
                }
            } else {
                current.add(new RunnerProtocol.JobState(t.id(), t.status().json()));
            }
        }
        return new RunnerProtocol.State(current, fresh, accessKeys);
    }

    private void takeWaiting(Runner r, Instant now) {
        int free = r.maxParallelTasks() <= 0 ? Integer.MAX_VALUE : r.maxParallelTasks() - store.countActiveTasks(r.id());
        long after = 0;
        Map<Integer, Template> tpls = new java.util.HashMap<>();
        while (free > 0) {
            List<Task> page = tasks.waiting(after, QUEUE_PAGE);
            for (Task t : page) {
                after = t.id();
                if (free <= 0) {
                    return;
                }
                if (r.projectId() != null && r.projectId() != t.projectId()) {
                    continue;
                }
                Template tpl;
                try {
                    tpl = tpls.computeIfAbsent(t.templateId(), id -> templates.get(t.projectId(), id));
                } catch (RuntimeException e) {
                    continue; // deleted meanwhile
                }
                if (!remote(t, tpl) || !fits(r, t.projectId(), tagOf(tpl.id()))) {
                    continue;
                }
                Project p = projects.find(t.projectId()).orElse(null);
                if (p == null) {
                    continue;
                }
                var limits = new TaskStore.Limits(tpl.id(), !tpl.allowParallelTasks(), p.id(), p.maxParallelTasks());
                logs.publishFromStore(t.id()); // before its status moves: see the class comment
                Optional<Task> taken = lifecycle.claimForRunner(t, r.id(), label(r), now.plus(RunnerService.OFFLINE_AFTER),
                        limits, tpl.name());
                if (taken.isPresent()) {
                    free--;
                    String secret = secretOf.apply(t.id());
                    if (secret != null) {
                        handedSecrets.put(t.id(), secret);
                    }
                    note(t, "Task " + t.id() + " taken by runner " + label(r) + " (template " + tpl.name() + ", app "
                            + tpl.app() + ")");
                }
            }
            if (page.size() < QUEUE_PAGE) {
                return;
            }
        }
    }

    /** Semaphore's JobData of a task, the keys it needs added to {@code accessKeys}. */
    private ObjectNode jobData(Task t, Map<String, ObjectNode> accessKeys) {
        Template tpl = templates.get(t.projectId(), t.templateId());
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("Username", t.userName() == null ? "" : t.userName());
        if (t.version() != null && tpl.type().equals("deploy")) {
            data.put("IncomingVersion", t.version());
        } else {
            data.putNull("IncomingVersion");
        }
        data.put("Alias", "");
        ObjectNode task = Json.MAPPER.valueToTree(t);
        String secret = handedSecrets.get(t.id());
        task.put("secret", secret == null ? "" : secret);
        data.set("task", task);
        ObjectNode template = Json.MAPPER.valueToTree(tpl);
        template.put("runner_tag", tagOf(tpl.id()));
        data.set("template", template);
        for (TemplateVault v : tpl.vaults()) {
            if (v.vaultKeyId() != null) {
                addKey(accessKeys, t.projectId(), v.vaultKeyId());
            }
        }
        Integer inventoryId = t.inventoryId() != null ? t.inventoryId() : tpl.inventoryId();
        if (inventoryId != null) {
            Inventory inv = inventories.get(t.projectId(), inventoryId);
            data.set("inventory", Json.MAPPER.valueToTree(inv));
            if (inv.sshKeyId() != null) {
                addKey(accessKeys, t.projectId(), inv.sshKeyId());
            }
            if (inv.becomeKeyId() != null) {
                addKey(accessKeys, t.projectId(), inv.becomeKeyId());
            }
        } else {
            data.set("inventory", Json.MAPPER.createObjectNode());
        }
        data.putNull("inventory_repository");
        Repository repo = repositories.get(t.projectId(), tpl.repositoryId());
        data.set("repository", Json.MAPPER.valueToTree(repo));
        addKey(accessKeys, t.projectId(), repo.sshKeyId());
        if (tpl.environmentId() != null) {
            ObjectNode env = Json.MAPPER.valueToTree(environments.get(t.projectId(), tpl.environmentId()));
            ArrayNode secrets = env.putArray("secrets");
            for (EnvironmentSecretValue s : environments.decryptedSecrets(t.projectId(), tpl.environmentId())) {
                secrets.addObject().put("name", s.name()).put("type", s.type()).put("secret", s.value());
            }
            data.set("environment", env);
        } else {
            data.set("environment", Json.MAPPER.createObjectNode().put("json", "{}").put("env", ""));
        }
        return data;
    }

    /** An access key as Semaphore sends it to a runner: with its secret decrypted (the runner needs it). */
    private void addKey(Map<String, ObjectNode> accessKeys, int projectId, int keyId) {
        accessKeys.computeIfAbsent(String.valueOf(keyId), id -> {
            DecryptedKey k = keys.decrypted(projectId, keyId);
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", k.id()).put("name", k.name()).put("type", k.type().json()).put("project_id", projectId);
            n.putObject("ssh").put("login", k.login()).put("passphrase", k.passphrase())
                    .put("private_key", k.privateKey());
            n.putObject("login_password").put("login", k.login()).put("password", k.password());
            n.put("string", k.value());
            return n;
        });
    }

    private void failUnbuildable(Task t, RuntimeException e) {
        log.warn("Task {} cannot be handed to its runner: {}", t.id(), e.toString());
        logs.publishFromStore(t.id());
        synchronized (lockOf(t.id())) {
            Task current = tasks.find(t.id()).orElse(null);
            if (current == null || !current.status().canMoveTo(TaskStatus.ERROR)) {
                return;
            }
            note(current, "Task could not run: " + e.getMessage());
            end(current, TaskStatus.ERROR, null);
        }
    }

    // ---- Progress

    /**
     * What a runner reports: each job's lines (stored once: see the class comment), its commit and status. Jobs of
     * other runners or unknown tasks are skipped, as Semaphore does.
     */
    public void progress(Runner r, RunnerProtocol.Progress progress) {
        runners.heartbeat(r.id());
        if (progress == null || progress.jobs() == null) {
            return;
        }
        for (RunnerProtocol.JobProgress job : progress.jobs()) {
            Integer owner = tasks.runnerOf(job.id());
            if (owner == null || owner != r.id()) {
                continue;
            }
            synchronized (lockOf(job.id())) {
                Task t = tasks.find(job.id()).orElse(null);
                if (t == null) {
                    continue;
                }
                logs.publishFromStore(t.id()); // this node may not have seen the task before
                appendLines(t, job.logRecords());
                TaskLifecycle.Commit commit = job.commit() == null || job.commit().hash() == null ? null
                        : new TaskLifecycle.Commit(job.commit().hash(),
                        job.commit().message() == null ? "" : job.commit().message());
                move(t, job.status(), commit);
            }
        }
    }

    private void appendLines(Task t, List<RunnerProtocol.LogRecord> records) {
        if (records == null || records.isEmpty()) {
            return;
        }
        long stored = tasks.runnerLogSeq(t.id());
        long highest = stored;
        int added = 0;
        for (RunnerProtocol.LogRecord rec : records) {
            if (rec.seq() != null) {
                if (rec.seq() <= highest) {
                    continue; // stored already (a batch sent again after a lost answer)
                }
                highest = rec.seq();
            }
            Instant time = rec.time() == null ? now() : rec.time();
            logs.append(t.id(), t.projectId(), time, rec.message() == null ? "" : rec.message());
            added++;
        }
        if (added > 0) {
            logs.finish(t.id(), t.projectId(), now()); // stored before the runner hears they are
            if (highest > stored) {
                tasks.setRunnerLogSeq(t.id(), highest);
            }
        }
    }

    private void move(Task t, String reported, TaskLifecycle.Commit commit) {
        TaskStatus to;
        try {
            to = reported == null || reported.isEmpty() ? null : TaskStatus.parse(reported);
        } catch (RuntimeException e) {
            return; // a status of a newer Semaphore: ignored
        }
        if (to == null) {
            return;
        }
        if (t.status() == TaskStatus.REJECTED && !t.runOver()) {
            if (to.finished()) { // the runner heard the answer and ended the run
                end(t, TaskStatus.REJECTED, commit);
            }
            return;
        }
        if (t.status().finished()) {
            return;
        }
        switch (to) {
            case RUNNING -> {
                if (t.status() == TaskStatus.STARTING || t.status() == TaskStatus.CONFIRMED) {
                    lifecycle.running(t, now(), null, commit);
                }
            }
            case WAITING_CONFIRMATION -> {
                // The runner reports its latest status each push: a quick plan may reach it with "running" unsent.
                Task current = t.status() == TaskStatus.STARTING
                        ? lifecycle.running(t, now(), null, commit).orElse(t) : t;
                if (current.status() == TaskStatus.RUNNING) {
                    lifecycle.awaitConfirmation(current);
                    note(current, "Plan has changes: waiting for confirmation (confirm or reject the task)");
                }
            }
            case SUCCESS, ERROR, STOPPED, REJECTED -> {
                TaskStatus end = t.status() == TaskStatus.STOPPING && to == TaskStatus.ERROR ? TaskStatus.STOPPED : to;
                if (t.status().canMoveTo(end)) {
                    end(t, end, commit);
                }
            }
            default -> {
                // starting, stopping, confirmed, waiting: the server's own states; nothing to do
            }
        }
    }

    /** The end of a runner's task: last line, log flushed, final status, listeners (alerts, a build's deploys). */
    private void end(Task t, TaskStatus end, TaskLifecycle.Commit commit) {
        Instant now = now();
        logs.note(t.id(), t.projectId(), now, "Task " + t.id() + " finished: " + end.json());
        long lost = logs.finish(t.id(), t.projectId(), now).lostLines();
        Task last = lifecycle.finished(t, end, lost, commit, t.tplAlias() == null ? "" : t.tplAlias());
        handedSecrets.remove(t.id());
        taskLocks.remove(t.id());
        try {
            onFinished.accept(last);
        } catch (RuntimeException e) {
            log.warn("After task {} ended: {}", t.id(), e.toString());
        }
    }

    // ---- Health

    /**
     * Once a second on each node: tasks of runners silent for {@link RunnerService#OFFLINE_AFTER} (their lease,
     * renewed by each poll, ran out) are failed with a line saying which runner and since when, or put back in the
     * queue when the runner had not started them; waiting tasks routed to runners say why they wait.
     */
    public void checkHealth() {
        Instant now = now();
        for (TaskStore.RunnerTask rt : tasks.runnerExpired(now)) {
            synchronized (lockOf(rt.taskId())) {
                Task t = tasks.find(rt.taskId()).orElse(null);
                if (t == null || t.runOver()) {
                    continue;
                }
                logs.publishFromStore(t.id());
                Runner r = store.find(rt.runnerId()).orElse(null);
                String who = r == null ? "runner " + rt.runnerId() + " (deleted)" : "runner " + label(r);
                String since = r == null || r.touched() == null ? "it never polled"
                        : "last seen " + TIME.format(r.touched()) + ", "
                        + Duration.between(r.touched(), now).toSeconds() + " s ago";
                if (t.status() == TaskStatus.STARTING) {
                    if (lifecycle.requeue(t, rt.runnerId())) {
                        note(t, "The task went back to the queue: " + who + " took it and went silent before"
                                + " starting it (" + since + ")");
                        handedSecrets.remove(t.id());
                    }
                } else if (t.status() == TaskStatus.REJECTED) {
                    note(t, "The rejected plan's run ended: " + who + " running it went silent (" + since + ")");
                    end(t, TaskStatus.REJECTED, null);
                } else if (t.status().canMoveTo(TaskStatus.ERROR)) {
                    note(t, "Task failed: " + who + " running it went silent (" + since + ")");
                    end(t, t.status() == TaskStatus.STOPPING ? TaskStatus.STOPPED : TaskStatus.ERROR, null);
                    log.warn("Task {} failed: {} went silent", t.id(), who);
                }
            }
        }
        explainWaiting(now);
    }

    private void explainWaiting(Instant now) {
        List<Task> waiting = tasks.waiting(0, QUEUE_PAGE);
        if (waiting.isEmpty()) {
            return;
        }
        List<Runner> all = null;
        for (Task t : waiting) {
            if (t.created() != null && t.created().isAfter(now.minusSeconds(2))) {
                continue; // a runner polling within the second takes it: no line for that
            }
            Template tpl;
            try {
                tpl = templates.get(t.projectId(), t.templateId());
            } catch (RuntimeException e) {
                continue;
            }
            if (!remote(t, tpl)) {
                continue;
            }
            if (all == null) {
                all = store.all();
            }
            String tag = tagOf(tpl.id());
            String wanted = tag.isEmpty() ? "a runner" : "a runner with tag " + tag;
            List<Runner> fitting = all.stream().filter(r -> fits(r, t.projectId(), tag)).toList();
            List<Runner> online = fitting.stream().filter(r -> r.onlineAt(now)).toList();
            String reason;
            if (fitting.isEmpty()) {
                reason = "Waiting for " + wanted + ": no active runner" + (tag.isEmpty() ? "" : " has this tag")
                        + " (global or of this project)";
            } else if (online.isEmpty()) {
                Instant last = fitting.stream().map(Runner::touched).filter(java.util.Objects::nonNull)
                        .max(Instant::compareTo).orElse(null);
                reason = "Waiting for " + wanted + ": none is online"
                        + (last == null ? "" : " (last seen " + TIME.format(last.truncatedTo(ChronoUnit.SECONDS)) + ")");
            } else {
                reason = "Waiting for " + wanted + ": " + (online.size() == 1 ? "runner " + label(online.get(0)) + " is"
                        : online.size() + " runners are") + " busy or the template's or project's limit is reached";
            }
            if (tasks.setRunnerWaiting(t.id(), reason.length() > 255 ? reason.substring(0, 255) : reason)) {
                note(t, reason);
            }
        }
    }

    /** A line of the engine's own in a task's log, stored before this returns. */
    private void note(Task t, String text) {
        Instant now = now();
        logs.note(t.id(), t.projectId(), now, text);
        logs.finish(t.id(), t.projectId(), now);
    }

    private Object lockOf(long taskId) {
        return taskLocks.computeIfAbsent(taskId, id -> new Object());
    }

    static String label(Runner r) {
        return "#" + r.id() + (r.name().isEmpty() ? "" : " (" + r.name() + ")");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
