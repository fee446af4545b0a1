package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobResult;
import java.util.List;
import java.util.Map;

/**
 * {@code python3 -- <script> ...} (see {@link ScriptRun}); PYTHONUNBUFFERED=1 unless the job sets it, so print output
 * reaches the log when printed and in order with stderr (Semaphore leaves Python's pipe buffering on).
 */
final class PythonApp implements App {
    @Override
    public JobResult run(AppContext context) throws InterruptedException {
        return ScriptRun.run(context, "python3", List.of("--"), Map.of("PYTHONUNBUFFERED", "1"));
    }
}
