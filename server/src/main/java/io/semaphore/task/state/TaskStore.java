package io.semaphore.task.state;

import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.statement.Update;

/** Table {@code task}: rows, status changes guarded by compare-and-set, and the claim of waiting tasks. */
public final class TaskStore {
    private static final String SELECT = "SELECT t.id, t.template_id, t.project_id, t.status, t.debug, t.dry_run, t.diff,"
            + " t.playbook, t.environment, t.hosts_limit, t.arguments, t.git_branch, t.inventory_id, t.user_id,"
            + " t.integration_id, t.schedule_id, t.created, t.start, t.\"end\", t.message, t.commit_hash, t.commit_message,"
            + " t.build_task_id, t.version, tpl.playbook AS tpl_playbook, tpl.name AS tpl_alias, tpl.type AS tpl_type,"
            + " tpl.app AS tpl_app, u.name AS user_name, t.log_lost_lines, t.stopped_by, su.name AS stopped_by_name"
            + " FROM task t JOIN project__template tpl ON tpl.id = t.template_id LEFT JOIN \"user\" u ON u.id = t.user_id"
            + " LEFT JOIN \"user\" su ON su.id = t.stopped_by ";
    private static final String FINISHED = "('success', 'error', 'stopped', 'rejected')";

    private final Database db;

    public TaskStore(Database db) {
        this.db = db;
    }

    public long insert(Task t) {
        return db.tx(h -> h.createUpdate("INSERT INTO task (template_id, project_id, status, debug, dry_run, diff, playbook,"
                        + " environment, hosts_limit, arguments, git_branch, inventory_id, user_id, integration_id, schedule_id,"
                        + " created, message, commit_hash, commit_message, build_task_id, version)"
                        + " VALUES (:template, :project, :status, :debug, :dry, :diff, :playbook, :env, :limit, :args, :branch,"
                        + " :inventory, :user, :integration, :schedule, :created, :message, :hash, '', :build, :version)")
                .bind("template", t.templateId()).bind("project", t.projectId()).bind("status", t.status().json())
                .bind("debug", t.debug()).bind("dry", t.dryRun()).bind("diff", t.diff()).bind("playbook", t.playbook())
                .bind("env", t.environment()).bind("limit", t.limit()).bind("args", t.arguments())
                .bind("branch", t.gitBranch()).bind("inventory", t.inventoryId()).bind("user", t.userId())
                .bind("integration", t.integrationId()).bind("schedule", t.scheduleId()).bind("created", t.created())
                .bind("message", t.message()).bind("hash", t.commitHash()).bind("build", t.buildTaskId())
                .bind("version", t.version())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public Optional<Task> find(int projectId, long id) {
        return db.read(h -> h.createQuery(SELECT + "WHERE t.project_id = :p AND t.id = :id")
                .bind("p", projectId).bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    public Optional<Task> find(long id) {
        return db.read(h -> h.createQuery(SELECT + "WHERE t.id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    /** Those of these tasks that exist, in one query per 500 ids (the log feed's look at tasks it follows). */
    public List<Task> findAll(java.util.Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<Task> found = new java.util.ArrayList<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            found.addAll(db.read(h -> h.createQuery(SELECT + "WHERE t.id IN (<ids>) ORDER BY t.id").bindList("ids", chunk)
                    .map((rs, ctx) -> map(rs)).list()));
        }
        return found;
    }

    /** Newest first. */
    public List<Task> list(int projectId, Integer templateId, int limit) {
        return list(projectId, templateId, null, limit);
    }

    /** The newest {@code limit} tasks (of a template when {@code templateId} is set) older than task {@code beforeId}. */
    public List<Task> list(int projectId, Integer templateId, Long beforeId, int limit) {
        String where = "WHERE t.project_id = :p" + (templateId == null ? "" : " AND t.template_id = :tpl")
                + (beforeId == null ? "" : " AND t.id < :before");
        return db.read(h -> h.createQuery(SELECT + where + " ORDER BY t.id DESC LIMIT :limit")
                .bind("p", projectId).bind("tpl", templateId).bind("before", beforeId).bind("limit", limit)
                .map((rs, ctx) -> map(rs)).list());
    }

    /** One page of a project's tasks that pass the filter, newest first. */
    public List<Task> page(int projectId, TaskFilter f, int offset, int limit) {
        return db.read(h -> filtered(h.createQuery(SELECT + where(f) + " ORDER BY t.id DESC LIMIT :limit OFFSET :offset"),
                projectId, f).bind("limit", limit).bind("offset", offset).map((rs, ctx) -> map(rs)).list());
    }

    /** How many of a project's tasks pass the filter. */
    public long count(int projectId, TaskFilter f) {
        return db.read(h -> filtered(h.createQuery("SELECT COUNT(*) FROM task t " + where(f)), projectId, f)
                .mapTo(Long.class).one());
    }

    private static String where(TaskFilter f) {
        StringBuilder w = new StringBuilder("WHERE t.project_id = :p");
        if (!f.statuses().isEmpty()) {
            w.append(" AND t.status IN (<statuses>)");
        }
        if (f.templateId() != null) {
            w.append(" AND t.template_id = :tpl");
        }
        if (f.userId() != null) {
            w.append(" AND t.user_id = :user");
        }
        if (f.from() != null) {
            w.append(" AND t.created >= :from");
        }
        if (f.to() != null) {
            w.append(" AND t.created < :to");
        }
        return w.toString();
    }

    private static org.jdbi.v3.core.statement.Query filtered(org.jdbi.v3.core.statement.Query q, int projectId, TaskFilter f) {
        q.bind("p", projectId);
        if (!f.statuses().isEmpty()) {
            q.bindList("statuses", f.statuses().stream().map(TaskStatus::json).toList());
        }
        if (f.templateId() != null) {
            q.bind("tpl", f.templateId());
        }
        if (f.userId() != null) {
            q.bind("user", f.userId());
        }
        if (f.from() != null) {
            q.bind("from", f.from());
        }
        if (f.to() != null) {
            q.bind("to", f.to());
        }
        return q;
    }

    /**
     * A template's figures, counted and timed in the database: every task, the finished ones by outcome (stopped
     * includes rejected plans), the mean duration of finished runs that started, and the last {@code recent} of
     * those with their durations, oldest first.
     */
    public TemplateRunStats runStats(int projectId, int templateId, int recent) {
        String secs = db.dialect().secondsBetween("start", "\"end\"");
        String timed = " AND status IN " + FINISHED + " AND start IS NOT NULL AND \"end\" IS NOT NULL";
        return db.read(h -> {
            TemplateRunStats counts = h.createQuery("SELECT COUNT(*),"
                            + " COALESCE(SUM(CASE WHEN status IN " + FINISHED + " THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status IN ('stopped', 'rejected') THEN 1 ELSE 0 END), 0),"
                            + " AVG(CASE WHEN status IN " + FINISHED + " AND start IS NOT NULL AND \"end\" IS NOT NULL"
                            + " THEN " + secs + " END)"
                            + " FROM task WHERE project_id = :p AND template_id = :t")
                    .bind("p", projectId).bind("t", templateId)
                    .map((rs, ctx) -> {
                        double avg = rs.getDouble(6);
                        Double average = rs.wasNull() ? null : avg;
                        long finished = rs.getLong(2);
                        long success = rs.getLong(3);
                        return new TemplateRunStats(templateId, rs.getLong(1), finished, success, rs.getLong(4),
                                rs.getLong(5), finished == 0 ? null : (double) success / finished, average, List.of());
                    }).one();
            List<TemplateRunStats.Run> runs = new java.util.ArrayList<>(h.createQuery("SELECT id, status, created, " + secs
                            + " FROM task WHERE project_id = :p AND template_id = :t" + timed + " ORDER BY id DESC LIMIT :n")
                    .bind("p", projectId).bind("t", templateId).bind("n", recent)
                    .map((rs, ctx) -> new TemplateRunStats.Run(rs.getLong(1), rs.getString(2), Columns.instant(rs, 3),
                            Math.max(0, rs.getDouble(4))))
                    .list());
            java.util.Collections.reverse(runs);
            return new TemplateRunStats(counts.templateId(), counts.runs(), counts.finished(), counts.success(),
                    counts.failed(), counts.stopped(), counts.successRate(), counts.averageDurationSec(), List.copyOf(runs));
        });
    }

    /** Who asked the task to stop (a user id); joins the caller's transaction. */
    public void setStoppedBy(long id, int userId) {
        db.run(h -> h.createUpdate("UPDATE task SET stopped_by = :u WHERE id = :id").bind("u", userId).bind("id", id).execute());
    }

    /** Marks the stop asked of the task as a forced one; joins the caller's transaction. */
    public void setStopForced(long id) {
        db.run(h -> h.createUpdate("UPDATE task SET stop_forced = TRUE WHERE id = :id").bind("id", id).execute());
    }

    /** Whether the stop asked of the task was a forced one. */
    public boolean stopForced(long id) {
        return db.read(h -> h.createQuery("SELECT stop_forced FROM task WHERE id = :id").bind("id", id)
                .mapTo(Boolean.class).findOne().orElse(false));
    }

    /** Whether a node or a runner still renews the task's lease, i.e. something is running it. */
    public boolean leaseAlive(long id, Instant now) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM task WHERE id = :id AND lease_until >= :now")
                .bind("id", id).bind("now", now).mapTo(Integer.class).one()) > 0;
    }

    /** The newest task of each template of a project (template id → task): Semaphore's {@code last_task}. */
    public java.util.Map<Integer, Task> lastPerTemplate(int projectId) {
        java.util.Map<Integer, Task> out = new java.util.HashMap<>();
        db.read(h -> h.createQuery(SELECT + "WHERE t.id IN (SELECT MAX(id) FROM task WHERE project_id = :p GROUP BY template_id)")
                .bind("p", projectId).map((rs, ctx) -> map(rs)).list()).forEach(t -> out.put(t.templateId(), t));
        return out;
    }

    /** Waiting tasks after task {@code afterId}, oldest first: one page of the queue. */
    public List<Task> waiting(long afterId, int limit) {
        return db.read(h -> h.createQuery(SELECT + "WHERE t.status = 'waiting' AND t.id > :after ORDER BY t.id LIMIT :limit")
                .bind("after", afterId).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    /** Ids of the waiting tasks of a project, or of one of its templates, oldest first. */
    public List<Long> waitingIds(int projectId, Integer templateId) {
        String where = templateId == null ? "" : " AND template_id = :t";
        return db.read(h -> h.createQuery("SELECT id FROM task WHERE status = 'waiting' AND project_id = :p" + where
                + " ORDER BY id").bind("p", projectId).bind("t", templateId).mapTo(Long.class).list());
    }

    /** A waiting task of the template (null when none), read under the claim lock; joins the caller's transaction. */
    public Long lockedWaitingOf(int templateId) {
        return db.tx(h -> {
            h.createQuery("SELECT id FROM task_claim_lock WHERE id = 1" + db.dialect().forUpdate()).mapTo(Integer.class).list();
            return h.createQuery("SELECT id FROM task WHERE status = 'waiting' AND template_id = :t"
                            + " ORDER BY id LIMIT 1")
                    .bind("t", templateId).mapTo(Long.class).findOne().orElse(null);
        });
    }

    /** Which tasks the log feed follows: those other nodes claimed, and every remote runner's (any node writes them). */
    private static final String ELSEWHERE = "(t.runner_id IS NOT NULL OR (t.node_id IS NOT NULL AND t.node_id <> :node))";

    /**
     * Unfinished tasks other nodes or remote runners have claimed, with rejected plans still ending (what the log
     * feed of other nodes follows).
     */
    public List<Task> activeElsewhere(String nodeId) {
        return db.read(h -> h.createQuery(SELECT + "WHERE " + runNotOver("t.") + " AND " + ELSEWHERE)
                .bind("node", nodeId).map((rs, ctx) -> map(rs)).list());
    }

    /** Tasks newer than {@code afterId} claimed by other nodes or runners, in whatever status (short ones may be done). */
    public List<Task> newerElsewhere(long afterId, String nodeId) {
        return db.read(h -> h.createQuery(SELECT + "WHERE t.id > :after AND " + ELSEWHERE
                        + " ORDER BY t.id")
                .bind("after", afterId).bind("node", nodeId).map((rs, ctx) -> map(rs)).list());
    }

    /** The oldest waiting task after {@code afterId}, or 0 when none waits. */
    public long oldestWaitingAfter(long afterId) {
        return db.read(h -> h.createQuery("SELECT COALESCE(MIN(id), 0) FROM task WHERE status = 'waiting' AND id > :after")
                .bind("after", afterId).mapTo(Long.class).one());
    }

    public long maxId() {
        return db.read(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM task").mapTo(Long.class).one());
    }

    /** Unfinished, claimed tasks: of a node, a project or a template (counts for the concurrency limits). */
    public int countActive(String nodeId, Integer projectId, Integer templateId) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM task WHERE status IN ('starting', 'running',"
                + " 'waiting_confirmation', 'confirmed', 'stopping')");
        if (nodeId != null) {
            sql.append(" AND node_id = :node");
        }
        if (projectId != null) {
            sql.append(" AND project_id = :p");
        }
        if (templateId != null) {
            sql.append(" AND template_id = :t");
        }
        return db.read(h -> h.createQuery(sql.toString()).bind("node", nodeId).bind("p", projectId).bind("t", templateId)
                .mapTo(Integer.class).one());
    }

    /** Compare-and-set: moves the task from {@code from} to {@code to}; false when someone else changed it first. */
    public boolean transition(long id, TaskStatus from, TaskStatus to) {
        return db.tx(h -> h.createUpdate("UPDATE task SET status = :to WHERE id = :id AND status = :from")
                .bind("to", to.json()).bind("id", id).bind("from", from.json()).execute() == 1);
    }

    /**
     * What a claim must respect beyond the task being waiting: one task at a time of the template ({@code serial})
     * and at most {@code projectMax} of the project (0: no limit), counted over all nodes.
     */
    public record Limits(int templateId, boolean serial, int projectId, int projectMax) {}

    /**
     * Claims a waiting task for this node (status starting); false when another node was faster or a limit is
     * reached. Other nodes dispatch at the same time, so where a limit applies the counts are taken in the claim's
     * transaction under the lock of table {@code task_claim_lock}: two nodes cannot both start the one task a limit
     * allows. (Locking the template's and project's rows instead deadlocked on MariaDB with task inserts, whose
     * foreign key checks take shared locks on those rows in the other order.) Joins the caller's transaction.
     */
    public boolean claim(long id, String nodeId, Instant leaseUntil, Limits limits) {
        return claimWaiting(id, limits, "node_id = :node, lease_until = :lease",
                u -> u.bind("node", nodeId).bind("lease", leaseUntil));
    }

    /** waiting → starting with the columns {@code set} sets, unless a limit holds it back (see {@link #claim}). */
    private boolean claimWaiting(long id, Limits limits, String set, UnaryOperator<Update> bindSet) {
        return db.tx(h -> {
            if (limits.serial() || limits.projectMax() > 0) {
                h.createQuery("SELECT id FROM task_claim_lock WHERE id = 1" + db.dialect().forUpdate())
                        .mapTo(Integer.class).list();
                if (limits.serial() && countActive(null, null, limits.templateId()) > 0) {
                    return false;
                }
                if (limits.projectMax() > 0 && countActive(null, limits.projectId(), null) >= limits.projectMax()) {
                    return false;
                }
            }
            Update claim = h.createUpdate("UPDATE task SET status = 'starting', " + set
                    + " WHERE id = :id AND status = 'waiting'");
            return bindSet.apply(claim).bind("id", id).execute() == 1;
        });
    }

    public void setStatus(long id, TaskStatus status) {
        db.run(h -> h.createUpdate("UPDATE task SET status = :s WHERE id = :id").bind("s", status.json()).bind("id", id).execute());
    }

    /**
     * Running from starting or confirmed, with its processes when they changed since last stored (or null); false
     * when the status changed meanwhile (a stop was asked).
     */
    public boolean setStarted(long id, Instant start, ProcessRecord processes) {
        String set = processes == null ? "" : ", boot_id = :boot, process_sessions = :sessions";
        return db.tx(h -> h.createUpdate("UPDATE task SET status = 'running', start = :s" + set
                        + " WHERE id = :id AND status IN ('starting', 'confirmed')")
                .bind("s", start).bind("id", id)
                .bind("boot", processes == null ? null : processes.bootId())
                .bind("sessions", processes == null ? null : processes.sessionsText()).execute() == 1);
    }

    /** The end of a task no node runs (stopped while waiting, or forced while its node is gone). */
    public void finish(long id, TaskStatus status, Instant end) {
        finish(id, status, end, 0, false);
    }

    /**
     * The end of a run: final status, end time, and {@code lostLines} more output lines the database refused.
     * {@code processesEnded}: its processes are known to be gone (they ended, or this node ended them), so their
     * sessions are forgotten; otherwise they stay for the node that ran it to end after a restart.
     */
    public void finish(long id, TaskStatus status, Instant end, long lostLines, boolean processesEnded) {
        db.run(h -> h.createUpdate("UPDATE task SET status = :s, \"end\" = :e, lease_until = NULL,"
                        + " log_lost_lines = log_lost_lines + :lost" + (processesEnded ? ", process_sessions = NULL" : "")
                        + " WHERE id = :id")
                .bind("s", status.json()).bind("e", end).bind("lost", lostLines).bind("id", id).execute());
    }

    /**
     * Where the processes of a task this node runs are: the host's boot and the sessions they lead (see
     * {@link ProcessRecord}); joins the caller's transaction.
     */
    public void recordProcesses(long id, String nodeId, ProcessRecord processes) {
        db.run(h -> h.createUpdate("UPDATE task SET boot_id = :boot, process_sessions = :sessions WHERE id = :id AND node_id = :node")
                .bind("boot", processes.bootId()).bind("sessions", processes.sessionsText()).bind("id", id)
                .bind("node", nodeId).execute());
    }

    /** Tasks claimed by a node that are unfinished, or finished by others while their processes may still run. */
    public List<ProcessRecord.Owned> leftBy(String nodeId) {
        return db.read(h -> h.createQuery("SELECT id, project_id, status, boot_id, process_sessions FROM task"
                        + " WHERE node_id = :node AND (status IN ('starting', 'running', 'waiting_confirmation',"
                        + " 'confirmed', 'stopping') OR process_sessions IS NOT NULL)")
                .bind("node", nodeId)
                .map((rs, ctx) -> new ProcessRecord.Owned(rs.getLong(1), rs.getInt(2), TaskStatus.parse(rs.getString(3)),
                        ProcessRecord.parse(rs.getString(4), rs.getString(5))))
                .list());
    }

    /** The processes recorded for unfinished tasks of other nodes (never to be ended by this one). */
    public List<ProcessRecord> processesOfOthers(String nodeId) {
        return db.read(h -> h.createQuery("SELECT boot_id, process_sessions FROM task WHERE process_sessions IS NOT NULL"
                        + " AND node_id <> :node AND status IN ('starting', 'running', 'waiting_confirmation',"
                        + " 'confirmed', 'stopping')")
                .bind("node", nodeId)
                .map((rs, ctx) -> ProcessRecord.parse(rs.getString(1), rs.getString(2)))
                .list());
    }

    /**
     * Ends a task that was left unfinished by a node that stopped: false when it was finished meanwhile (another
     * node failed it when its lease ran out). Forgets its processes either way: this node ended them.
     */
    public boolean finishLeftover(long id, TaskStatus status, Instant end, long lostLines) {
        return db.tx(h -> {
            int changed = h.createUpdate("UPDATE task SET status = :s, \"end\" = :e, lease_until = NULL, process_sessions = NULL,"
                            + " log_lost_lines = log_lost_lines + :lost WHERE id = :id AND status IN ('starting', 'running',"
                            + " 'waiting_confirmation', 'confirmed', 'stopping')")
                    .bind("s", status.json()).bind("e", end).bind("lost", lostLines).bind("id", id).execute();
            if (changed == 0) {
                h.createUpdate("UPDATE task SET process_sessions = NULL WHERE id = :id").bind("id", id).execute();
            }
            return changed == 1;
        });
    }

    public void setCommit(long id, String hash, String message) {
        db.run(h -> h.createUpdate("UPDATE task SET commit_hash = :h, commit_message = :m WHERE id = :id")
                .bind("h", hash).bind("m", message.length() > 100 ? message.substring(0, 100) : message).bind("id", id).execute());
    }

    public void delete(int projectId, long id) {
        db.run(h -> h.createUpdate("DELETE FROM task WHERE project_id = :p AND id = :id").bind("p", projectId).bind("id", id).execute());
    }

    /** Extends the lease of a task this node runs; with its processes when they changed since last stored (or null). */
    public void renewLease(long id, String nodeId, Instant until, ProcessRecord processes) {
        String set = processes == null ? "" : ", boot_id = :boot, process_sessions = :sessions";
        db.run(h -> h.createUpdate("UPDATE task SET lease_until = :u" + set + " WHERE id = :id AND node_id = :node")
                .bind("u", until).bind("id", id).bind("node", nodeId)
                .bind("boot", processes == null ? null : processes.bootId())
                .bind("sessions", processes == null ? null : processes.sessionsText()).execute());
    }

    /**
     * Claimed, unfinished tasks whose lease ran out: their node stopped renewing it. Tasks a remote runner took are
     * left to the runners' health check, which says which runner went silent.
     */
    public List<Long> expired(Instant now) {
        return db.read(h -> h.createQuery("SELECT id FROM task WHERE status IN ('starting', 'running', 'waiting_confirmation',"
                        + " 'confirmed', 'stopping') AND (lease_until IS NULL OR lease_until < :now) AND runner_id IS NULL")
                .bind("now", now).mapTo(Long.class).list());
    }

    /** Every task not finished yet, waiting ones included, oldest first. */
    public List<Task> unfinished() {
        return db.read(h -> h.createQuery(SELECT + "WHERE t.status NOT IN ('stopped', 'success', 'error', 'rejected') ORDER BY t.id")
                .map((rs, ctx) -> map(rs)).list());
    }

    /** History retention ({@code max_tasks_per_template}): keeps the newest {@code keep} finished tasks of a template. */
    public void deleteOldest(int templateId, int keep) {
        db.run(h -> {
            List<Long> old = h.createQuery("SELECT id FROM task WHERE template_id = :t AND status IN ('stopped', 'success',"
                            + " 'error', 'rejected') ORDER BY id DESC LIMIT 1000000 OFFSET :keep")
                    .bind("t", templateId).bind("keep", keep).mapTo(Long.class).list();
            if (!old.isEmpty()) {
                h.createUpdate("DELETE FROM task WHERE id IN (<ids>)").bindList("ids", old).execute();
            }
        });
    }

    /** The highest version string of a template's tasks with a version, newest task first (build numbering). */
    public Optional<String> lastVersion(int templateId) {
        return db.read(h -> h.createQuery("SELECT version FROM task WHERE template_id = :t AND version IS NOT NULL ORDER BY id DESC LIMIT 1")
                .bind("t", templateId).mapTo(String.class).findOne());
    }

    // ---- Remote runners: a runner's poll claims a waiting task; its health check fails or requeues them.

    /**
     * Claims a waiting task for remote runner {@code runnerId} (status starting, no node), within the same limits
     * as {@link #claim}; false when another runner or node was faster or a limit is reached.
     */
    public boolean claimForRunner(long id, int runnerId, Instant leaseUntil, Limits limits) {
        return claimWaiting(id, limits,
                "node_id = NULL, runner_id = :r, lease_until = :lease, runner_log_seq = 0, runner_waiting = NULL",
                u -> u.bind("r", runnerId).bind("lease", leaseUntil));
    }

    /**
     * SQL for {@code !Task.runOver()}: unfinished, or a rejected plan whose run has not ended (a runner still has to
     * hear of the answer and stop it; its end time is stored then). {@code alias}: the task table's, e.g. "t.", or "".
     */
    public static String runNotOver(String alias) {
        return "(" + alias + "status IN ('starting', 'running', 'waiting_confirmation', 'confirmed', 'stopping') OR ("
                + alias + "status = 'rejected' AND " + alias + "\"end\" IS NULL))";
    }

    /** A runner's unfinished tasks, oldest first. */
    public List<Task> ofRunner(int runnerId) {
        return db.read(h -> h.createQuery(SELECT + "WHERE t.runner_id = :r AND " + runNotOver("t.") + " ORDER BY t.id")
                .bind("r", runnerId).map((rs, ctx) -> map(rs)).list());
    }

    /** The runner a task was given to, or null. */
    public Integer runnerOf(long id) {
        return db.read(h -> h.createQuery("SELECT runner_id FROM task WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).findOne().orElse(null));
    }

    /** Renews the lease of a polling runner's unfinished tasks. */
    public void renewRunnerLeases(int runnerId, Instant until) {
        db.run(h -> h.createUpdate("UPDATE task SET lease_until = :u WHERE runner_id = :r AND " + runNotOver(""))
                .bind("u", until).bind("r", runnerId).execute());
    }

    /** Unfinished tasks of runners whose lease ran out (the runner stopped polling), with their runner's id. */
    public List<RunnerTask> runnerExpired(Instant now) {
        return db.read(h -> h.createQuery("SELECT id, runner_id FROM task WHERE runner_id IS NOT NULL AND "
                        + runNotOver("") + " AND (lease_until IS NULL OR lease_until < :now) ORDER BY id")
                .bind("now", now).map((rs, ctx) -> new RunnerTask(rs.getLong(1), rs.getInt(2))).list());
    }

    /** A task and the runner it was given to. */
    public record RunnerTask(long taskId, int runnerId) {}

    /** starting → waiting again (a runner took it and went silent before starting it); false when it moved on. */
    public boolean requeue(long id, int runnerId) {
        return db.tx(h -> h.createUpdate("UPDATE task SET status = 'waiting', runner_id = NULL, lease_until = NULL,"
                        + " runner_log_seq = 0 WHERE id = :id AND runner_id = :r AND status = 'starting'")
                .bind("id", id).bind("r", runnerId).execute() == 1);
    }

    /** The highest output line (as the runner numbers them) stored for a task. */
    public long runnerLogSeq(long id) {
        return db.read(h -> h.createQuery("SELECT runner_log_seq FROM task WHERE id = :id").bind("id", id)
                .mapTo(Long.class).findOne().orElse(0L));
    }

    public void setRunnerLogSeq(long id, long seq) {
        db.run(h -> h.createUpdate("UPDATE task SET runner_log_seq = :s WHERE id = :id AND runner_log_seq < :s")
                .bind("s", seq).bind("id", id).execute());
    }

    /** Records why a waiting task waits; true when the reason is new (the caller then writes it to the log once). */
    public boolean setRunnerWaiting(long id, String reason) {
        return db.tx(h -> h.createUpdate("UPDATE task SET runner_waiting = :r WHERE id = :id AND status = 'waiting'"
                        + " AND (runner_waiting IS NULL OR runner_waiting <> :r)")
                .bind("r", reason).bind("id", id).execute() == 1);
    }

    /** By position in {@link #SELECT} (the driver's lookups by name cost more than the rest of the row). */
    private static Task map(ResultSet rs) throws SQLException {
        return new Task(rs.getLong(1), rs.getInt(2), rs.getInt(3), TaskStatus.parse(rs.getString(4)), rs.getBoolean(5),
                rs.getBoolean(6), rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), Columns.intOrNull(rs, 13), Columns.intOrNull(rs, 14), Columns.intOrNull(rs, 15),
                Columns.intOrNull(rs, 16), Columns.instant(rs, 17), Columns.instant(rs, 18), Columns.instant(rs, 19),
                rs.getString(20), rs.getString(21), rs.getString(22),
                Columns.longOrNull(rs, 23), rs.getString(24), rs.getString(25), rs.getString(26), rs.getString(27),
                rs.getString(28), rs.getString(29), rs.getLong(30), Columns.intOrNull(rs, 31), rs.getString(32));
    }
}
