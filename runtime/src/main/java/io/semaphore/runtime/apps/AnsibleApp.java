package io.semaphore.runtime.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.process.ProcessResult;
import io.semaphore.runtime.ssh.SshConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ansible-playbook <app args> -i <inventory> [--user=u] [--become-user=u] [-vvvv] [--diff] [--check]
 * [--vault-id=name@script]... --extra-vars @<file> <template args> <task args> [--limit=x] -- <playbook>} in the
 * repository root (with {@code ANSIBLE_SSH_COMMON_ARGS=-F <file>} when the server has an ssh_config_path), after
 * ansible-galaxy has installed the playbook folder's requirements files. The extra vars,
 * secret vars included, are in a private file (0600 in the work folder, deleted after the run) rather than on the
 * command line, where every local user could read them; {@code --} makes the playbook a file whatever its name.
 */
final class AnsibleApp implements App {
    private static final Map<String, String> DEFAULT_ENV = Map.of(
            "PYTHONUNBUFFERED", "1",
            "ANSIBLE_FORCE_COLOR", "True",
            "ANSIBLE_HOST_KEY_CHECKING", "False");

    @Override
    public JobResult run(AppContext context) throws InterruptedException {
        JobSpec spec = context.spec();
        Path playbook = context.inRepository(spec.playbook(), "Playbook");
        ObjectNode extraVars = ExtraVars.parse(spec.extraVars());
        spec.secretVars().forEach(extraVars::put);
        try (var inventory = AnsibleInventory.install(context, extraVars)) {
            Map<String, String> env = new HashMap<>(context.env(DEFAULT_ENV, context.root()));
            env.putAll(inventory.env());
            addSshConfigFile(env, spec.sshConfigPath());
            JobResult requirements = installRequirements(context, playbook.getParent(), env);
            if (requirements.outcome() != JobResult.Outcome.SUCCESS) {
                return requirements;
            }
            try (var vaults = AnsibleVaults.install(context)) {
                env.putAll(vaults.env());
                List<String> argv = new ArrayList<>();
                argv.addAll(context.command("ansible-playbook", List.of()));
                argv.addAll(inventory.args());
                if (spec.debug()) {
                    argv.add("-vvvv");
                }
                if (spec.diff()) {
                    argv.add("--diff");
                }
                if (spec.dryRun()) {
                    argv.add("--check");
                }
                argv.addAll(vaults.args());
                Path varsFile = writeExtraVars(context, extraVars);
                try {
                    argv.addAll(List.of("--extra-vars", "@" + varsFile));
                    argv.addAll(spec.templateArgs());
                    argv.addAll(spec.taskArgs());
                    if (!spec.limit().isBlank()) {
                        argv.add("--limit=" + spec.limit());
                    }
                    argv.addAll(List.of("--", spec.playbook()));
                    ProcessResult result = context.run(argv, context.root(), env, true);
                    return AppContext.outcome(result, Path.of(argv.getFirst()).getFileName().toString());
                } finally {
                    PrivateFiles.deleteQuietly(varsFile);
                }
            }
        }
    }

    /**
     * The server's ssh_config_path for ansible's ssh connections: {@code -F <file>} in front of whatever
     * ANSIBLE_SSH_COMMON_ARGS the job's environment already holds (inventory variables such as
     * ansible_ssh_common_args still take precedence, as ansible ranks them above the environment).
     */
    static void addSshConfigFile(Map<String, String> env, String sshConfigPath) {
        String option = SshConfigFile.option(sshConfigPath);
        if (option.isEmpty()) {
            return;
        }
        String own = env.get("ANSIBLE_SSH_COMMON_ARGS");
        env.put("ANSIBLE_SSH_COMMON_ARGS", own == null || own.isBlank() ? option : option + " " + own);
    }

    /** The extra vars as a JSON file only the job's user can read ({@code --extra-vars @file}). */
    private static Path writeExtraVars(AppContext context, ObjectNode extraVars) {
        Path file = context.spec().workDir().resolve("extra_vars_" + context.spec().taskId() + ".json");
        try {
            return PrivateFiles.writeFile(file, extraVars.toString());
        } catch (IOException e) {
            PrivateFiles.deleteQuietly(file);
            throw new AppException("Cannot write the extra vars file " + file + ": " + e.getMessage());
        }
    }

    /**
     * ansible-galaxy for {@code D/collections/requirements.yml}, {@code D/roles/requirements.yml} and
     * {@code D/requirements.yml} (both kinds), D being the playbook's folder; HOME is the task's fresh work folder,
     * so they are installed on every run (no checksum cache as Semaphore keeps in its shared HOME).
     */
    private static JobResult installRequirements(AppContext context, Path folder, Map<String, String> env)
            throws InterruptedException {
        String galaxy = galaxyBinary(context.binary("ansible-playbook"));
        List<List<String>> steps = new ArrayList<>();
        addStep(steps, galaxy, "collection", folder.resolve("collections").resolve("requirements.yml"));
        addStep(steps, galaxy, "role", folder.resolve("roles").resolve("requirements.yml"));
        addStep(steps, galaxy, "collection", folder.resolve("requirements.yml"));
        addStep(steps, galaxy, "role", folder.resolve("requirements.yml"));
        for (List<String> argv : steps) {
            JobResult result = AppContext.outcome(context.run(argv, context.root(), env, false),
                    "ansible-galaxy " + argv.get(1) + " install");
            if (result.outcome() != JobResult.Outcome.SUCCESS) {
                return result;
            }
        }
        return JobResult.success();
    }

    private static void addStep(List<List<String>> steps, String galaxy, String kind, Path file) {
        if (Files.isRegularFile(file)) {
            steps.add(List.of(galaxy, kind, "install", "-r", file.toString()));
        }
    }

    /** ansible-galaxy next to a configured ansible-playbook path, else from PATH. */
    static String galaxyBinary(String playbookBinary) {
        Path parent = Path.of(playbookBinary).getParent();
        return parent == null ? "ansible-galaxy" : parent.resolve("ansible-galaxy").toString();
    }
}
