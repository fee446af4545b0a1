package io.semaphore.runtime.apps;

import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Terraform or OpenTofu in the repository's playbook folder (the app's own arguments, when an administrator set
 * some, come before each sub-command, where terraform takes its global options such as {@code -chdir}): {@code init -input=false}, {@code workspace select
 * -or-create=true <workspace>}, {@code plan -input=false -out=<workDir>/tfplan -var NAME=VALUE...}; a plan printing
 * "No changes." ends the task with success, otherwise the saved plan is applied ({@code apply -input=false <plan>})
 * at once with auto-approve, or after the listener's confirmation; a refusal ends the task as stopped. Secret vars
 * are {@code TF_VAR_<name>} environment variables of every step, never {@code -var} arguments (Semaphore passes
 * them as {@code -var}, where every local user can read them in the process list).
 */
final class TerraformApp implements App {
    private static final Map<String, String> DEFAULT_ENV = Map.of("TF_IN_AUTOMATION", "1", "TF_INPUT", "0");

    private final String name;

    TerraformApp(String name) {
        this.name = name;
    }

    @Override
    public JobResult run(AppContext context) throws InterruptedException {
        JobSpec spec = context.spec();
        Path folder = spec.playbook() == null || spec.playbook().isBlank()
                ? context.root() : context.inRepository(spec.playbook(), "Terraform folder");
        String workspace = workspace(spec); // checked before anything runs
        List<String> bin = context.command(name, List.of()); // the binary and the app's own (global) arguments
        var env = new HashMap<>(context.env(DEFAULT_ENV, folder));
        spec.secretVars().forEach((key, value) -> env.put("TF_VAR_" + key, value));
        Path plan = spec.workDir().resolve("tfplan");
        try {
            JobResult step = AppContext.outcome(
                    context.run(with(bin, "init", "-input=false"), folder, env, false), name + " init");
            if (step.outcome() != JobResult.Outcome.SUCCESS) {
                return step;
            }
            step = AppContext.outcome(context.run(
                    with(bin, "workspace", "select", "-or-create=true", workspace), folder, env, false),
                    name + " workspace select");
            if (step.outcome() != JobResult.Outcome.SUCCESS) {
                return step;
            }
            var noChanges = new AtomicBoolean();
            step = AppContext.outcome(context.run(planArgs(bin, spec, plan), folder, env, true, (time, line) -> {
                if (line.contains("No changes.")) {
                    noChanges.set(true);
                }
            }), name + " plan");
            if (step.outcome() != JobResult.Outcome.SUCCESS || noChanges.get()) {
                return step;
            }
            if (!spec.autoApprove() && !context.listener().awaitConfirmation()) {
                return JobResult.stopped();
            }
            return AppContext.outcome(context.run(with(bin, "apply", "-input=false", plan.toString()),
                    folder, env, true), name + " apply");
        } finally {
            PrivateFiles.deleteQuietly(plan); // the saved plan holds the variables' values
        }
    }

    /** The command start ({@code bin}: binary and app arguments) followed by {@code args}. */
    private static List<String> with(List<String> bin, String... args) {
        List<String> argv = new ArrayList<>(bin);
        argv.addAll(List.of(args));
        return argv;
    }

    /** The workspace named by a terraform-workspace / tofu-workspace inventory, else "default". */
    private static String workspace(JobSpec spec) {
        var inventory = spec.inventory();
        if (inventory != null && inventory.type() != null && inventory.type().endsWith("-workspace")
                && inventory.content() != null && !inventory.content().isBlank()) {
            String name = inventory.content().strip();
            if (name.startsWith("-")) {
                throw new AppException("Workspace " + name + " starts with '-', which would be read as an option");
            }
            return name;
        }
        return "default";
    }

    private static List<String> planArgs(List<String> bin, JobSpec spec, Path plan) {
        List<String> argv = with(bin, "plan", "-input=false", "-out=" + plan);
        ExtraVars.pairs(spec.extraVars()).forEach((key, value) -> argv.addAll(List.of("-var", key + "=" + value)));
        return argv;
    }
}
