package io.semaphore.runtime.testing;

import io.semaphore.runtime.job.JobListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what a job reports; answers confirmations with a fixed answer. */
public class RecordingListener implements JobListener {
    public record Commit(String hash, String message) {}

    private final List<String> lines = new ArrayList<>();
    private final List<Commit> commits = new ArrayList<>();
    public final AtomicInteger running = new AtomicInteger();
    public final AtomicInteger confirmationsAsked = new AtomicInteger();
    private final boolean confirm;

    public RecordingListener(boolean confirm) {
        this.confirm = confirm;
    }

    public RecordingListener() {
        this(false);
    }

    @Override
    public synchronized void log(Instant time, String line) {
        lines.add(line);
    }

    @Override
    public synchronized void commit(String hash, String message) {
        commits.add(new Commit(hash, message));
    }

    @Override
    public void running() {
        running.incrementAndGet();
    }

    @Override
    public boolean awaitConfirmation() throws InterruptedException {
        confirmationsAsked.incrementAndGet();
        return confirm;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<Commit> commits() {
        return List.copyOf(commits);
    }

    /** All lines, one per line, without ANSI colors (ansible and terraform colour their output). */
    public synchronized String text() {
        return String.join("\n", lines).replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
