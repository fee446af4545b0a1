package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A script app's command line, in Semaphore's order: {@code <interpreter...> <script> [SECRET=value...]
 * <template args> [name=value per extra var but semaphore_vars] <task args>}, run in the repository root.
 */
final class ScriptRun {
    private ScriptRun() {}

    static JobResult run(AppContext context, List<String> interpreter, Map<String, String> defaultEnv)
            throws InterruptedException {
        JobSpec spec = context.spec();
        context.inRepository(spec.playbook(), "Script");
        List<String> argv = new ArrayList<>(interpreter);
        argv.add(spec.playbook());
        spec.secretVars().forEach((key, value) -> argv.add(key + "=" + value));
        argv.addAll(spec.templateArgs());
        ExtraVars.pairs(spec.extraVars()).forEach((key, value) -> argv.add(key + "=" + value));
        argv.addAll(spec.taskArgs());
        var result = context.run(argv, context.root(), context.env(defaultEnv, context.root()), true);
        return AppContext.outcome(result, Path.of(interpreter.getFirst()).getFileName().toString());
    }
}
