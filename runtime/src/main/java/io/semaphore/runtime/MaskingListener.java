package io.semaphore.runtime;

import io.semaphore.runtime.job.JobListener;
import io.semaphore.runtime.process.LogMask;
import io.semaphore.runtime.process.SessionId;
import java.time.Instant;

/**
 * The one place secrets are masked: every log line and commit message of a job passes through here on its way to the
 * caller's listener. It also lets a stop interrupt a wait for confirmation.
 */
final class MaskingListener implements JobListener {
    private final JobListener delegate;
    private final LogMask mask;
    private volatile Thread confirming;

    MaskingListener(JobListener delegate, LogMask mask) {
        this.delegate = delegate;
        this.mask = mask;
    }

    @Override
    public void log(Instant time, String line) {
        delegate.log(time, mask.apply(line));
    }

    @Override
    public void commit(String hash, String message) {
        delegate.commit(hash, mask.apply(message));
    }

    @Override
    public void processStarted(SessionId session) {
        delegate.processStarted(session);
    }

    @Override
    public void running() {
        delegate.running();
    }

    @Override
    public boolean awaitConfirmation() throws InterruptedException {
        confirming = Thread.currentThread();
        try {
            return delegate.awaitConfirmation();
        } finally {
            confirming = null;
        }
    }

    /** Interrupts the job's thread if it is waiting for a confirmation. */
    void cancelConfirmation() {
        Thread thread = confirming;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
