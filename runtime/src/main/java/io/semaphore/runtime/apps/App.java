package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobResult;

/** An app a task runs in its checked-out repository. */
public sealed interface App permits AnsibleApp, TerraformApp, BashApp, PythonApp, PowerShellApp {
    /**
     * Runs the app: SUCCESS when it exits 0, ERROR "<program> exited with code N", STOPPED when the job was stopped.
     * Preparation failures (a bad inventory, a path outside the repository) are {@link AppException}s.
     */
    JobResult run(AppContext context) throws InterruptedException;
}
