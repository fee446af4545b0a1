package io.semaphore.runner.agent;

import io.semaphore.runner.RunnerProtocol;
import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.job.JobRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One job on the runner: what it reports (lines numbered from 1, commit, status), kept until the server has
 * acknowledged it, and the server's view of it (a stop, a confirmation).
 */
final class AgentJob implements JobListener {
    private static final long CONFIRM_POLL_MS = 200;

    final long id;
    private final List<RunnerProtocol.LogRecord> unsent = new ArrayList<>();
    private long seq;
    private String status = "starting";
    private boolean ended;
    private RunnerProtocol.Commit commit;
    private volatile String serverStatus = "starting";
    private volatile JobRunner.RunningJob running;
    private volatile boolean stopAsked;

    AgentJob(long id) {
        this.id = id;
    }

    @Override
    public synchronized void log(Instant time, String line) {
        unsent.add(new RunnerProtocol.LogRecord(time, line, ++seq));
    }

    @Override
    public synchronized void commit(String hash, String message) {
        commit = new RunnerProtocol.Commit(hash, message == null ? "" : message);
    }

    @Override
    public synchronized void running() {
        if (!ended) {
            status = "running";
        }
    }

    @Override
    public boolean awaitConfirmation() throws InterruptedException {
        synchronized (this) {
            status = "waiting_confirmation";
        }
        while (true) {
            Thread.sleep(CONFIRM_POLL_MS);
            String s = serverStatus;
            switch (s) {
                case "confirmed" -> {
                    synchronized (this) {
                        status = "running";
                    }
                    log(Instant.now(), "Confirmed: applying the plan"); // as a run on the server says
                    return true;
                }
                case "rejected" -> {
                    log(Instant.now(), "Rejected: the plan is not applied");
                    return false;
                }
                case "stopping", "stopped", "error" -> {
                    return false;
                }
                default -> {
                    if (stopAsked) {
                        return false;
                    }
                }
            }
        }
    }

    void started(JobRunner.RunningJob job) {
        running = job;
        if (stopAsked) {
            job.stop(false);
        }
    }

    /** The server's status of this task, from a poll: a stop reaches the job here. */
    void serverSays(String s) {
        serverStatus = s;
        if (s.equals("stopping")) {
            stop(false);
        } else if (s.equals("stopped") || s.equals("error") || s.equals("success")) {
            stop(true);
        }
    }

    /** The server no longer counts this task as ours (stopped by force, failed, or given to another runner). */
    void stop(boolean force) {
        if (stopAsked && !force) {
            return;
        }
        stopAsked = true;
        JobRunner.RunningJob r = running;
        if (r != null && !isEnded()) {
            r.stop(force);
        }
    }

    synchronized void end(String finalStatus) {
        if (serverStatus.equals("rejected") && finalStatus.equals("stopped")) {
            finalStatus = "rejected";
        }
        status = finalStatus;
        ended = true;
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /**
     * The next progress of this job: up to {@code max} unsent lines, the commit, and its status (the final one only
     * with its last lines, so the server never sees the end before every line).
     */
    synchronized RunnerProtocol.JobProgress next(int max) {
        List<RunnerProtocol.LogRecord> batch = new ArrayList<>(unsent.subList(0, Math.min(max, unsent.size())));
        boolean all = batch.size() == unsent.size();
        String s = ended && !all ? "running" : status;
        return new RunnerProtocol.JobProgress(id, s, batch, commit);
    }

    /** The server stored {@code sent}: drop its lines; true when the job is done (its end acknowledged). */
    synchronized boolean acknowledged(RunnerProtocol.JobProgress sent) {
        int n = sent.logRecords().size();
        unsent.subList(0, Math.min(n, unsent.size())).clear();
        if (sent.commit() != null && sent.commit() == commit) {
            commit = null;
        }
        return ended && unsent.isEmpty() && sent.status().equals(status);
    }
}
