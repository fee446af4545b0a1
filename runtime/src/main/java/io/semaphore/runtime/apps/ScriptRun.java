package io.semaphore.runtime.apps;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A script app's command line, in Semaphore's order: {@code <interpreter...> <script> <template args>
 * [name=value per extra var but semaphore_vars] <task args>}, run in the repository root. The interpreter part is
 * the binary and either the app's own arguments (set by an administrator: they replace the defaults, as in
 * Semaphore) or its default ones, which make the next argument the script whatever its name ({@code --} for bash
 * and python, {@code -File} for pwsh); a script name starting with '-' is refused in any case. Secret vars are environment variables of the script, never arguments (Semaphore passes them as
 * {@code NAME=VALUE} arguments, which every local user can read in the process list).
 */
final class ScriptRun {
    private ScriptRun() {}

    static JobResult run(AppContext context, String binary, List<String> defaultArgs, Map<String, String> defaultEnv)
            throws InterruptedException {
        JobSpec spec = context.spec();
        context.inRepository(spec.playbook(), "Script");
        List<String> interpreter = context.command(binary, defaultArgs);
        List<String> argv = new ArrayList<>(interpreter);
        argv.add(spec.playbook());
        argv.addAll(spec.templateArgs());
        ExtraVars.pairs(spec.extraVars()).forEach((key, value) -> argv.add(key + "=" + value));
        argv.addAll(spec.taskArgs());
        Map<String, String> env = new HashMap<>(context.env(defaultEnv, context.root()));
        env.putAll(spec.secretVars());
        var result = context.run(argv, context.root(), env, true);
        return AppContext.outcome(result, Path.of(interpreter.getFirst()).getFileName().toString());
    }
}
