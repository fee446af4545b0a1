package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobResult;
import java.util.List;
import java.util.Map;

/** {@code bash -- <script> ...} (see {@link ScriptRun} for the arguments). */
final class BashApp implements App {
    @Override
    public JobResult run(AppContext context) throws InterruptedException {
        return ScriptRun.run(context, "bash", List.of("--"), Map.of());
    }
}
