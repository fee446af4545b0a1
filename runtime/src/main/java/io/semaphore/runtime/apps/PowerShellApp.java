package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobResult;
import java.util.List;
import java.util.Map;

/** {@code pwsh -File <script> ...} (PowerShell 7 is "pwsh" on Linux; see {@link ScriptRun} for the arguments). */
final class PowerShellApp implements App {
    @Override
    public JobResult run(AppContext context) throws InterruptedException {
        return ScriptRun.run(context, "pwsh", List.of("-File"), Map.of());
    }
}
