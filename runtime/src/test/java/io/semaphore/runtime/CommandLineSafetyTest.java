package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.JobSpec.VaultSpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every app with hostile values in the job: option-like script names are refused, extra vars whose names or values
 * look like options or shell code stay plain arguments of the script, and no secret value is in any process's
 * command line. The programs write their own {@code /proc/self/cmdline} (the stand-ins for terraform, tofu and pwsh
 * are the process itself; ansible-playbook is started through a wrapper that records its argv and execs it) to
 * files this test reads: the task output is masked, so it cannot show a leak.
 */
@Timeout(120)
class CommandLineSafetyTest {
    private static final String SECRET = "s3cret-VALUE-42";
    private static final String SURVEY_SECRET = "survey-s3cret-7";

    @TempDir
    Path temp;

    private TestRepo repo;
    private Path seen;
    private Path marker;

    @BeforeEach
    void setUp() throws IOException {
        seen = Files.createDirectories(temp.resolve("seen"));
        marker = temp.resolve("pwned");
        repo = TestRepo.create(temp.resolve("origin"));
        repo.commit("run.sh", """
                #!/bin/bash
                tr '\\0' '\\n' < /proc/$$/cmdline > '%1$s/cmdline-bash'
                printf '%%s\\n' "$@" > '%1$s/args-bash'
                printf '%%s|%%s' "$DB_PASSWORD" "$token" > '%1$s/env-bash'
                """.formatted(seen), "bash script");
        repo.commit("run.py", """
                import os, sys
                with open('%1$s/cmdline-python', 'wb') as f:
                    f.write(open('/proc/self/cmdline', 'rb').read().replace(b'\\0', b'\\n'))
                with open('%1$s/args-python', 'w') as f:
                    f.write('\\n'.join(sys.argv[1:]) + '\\n')
                with open('%1$s/env-python', 'w') as f:
                    f.write(os.environ.get('DB_PASSWORD', '') + '|' + os.environ.get('token', ''))
                """.formatted(seen), "python script");
        repo.commit("-c", "touch '" + marker + "'\n", "a file named like an option");
        repo.commit("infra/main.tf", "# read by the stand-in's caller only\n", "terraform");
        repo.commit("site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: show the variables
                      debug:
                        msg: "who={{ who }} token={{ token }} db={{ DB_PASSWORD }}"
                """, "playbook");
    }

    @AfterEach
    void nothingRan() {
        assertThat(marker).as("a hostile value ran a command").doesNotExist();
    }

    private Specs specs(String app, String playbook) {
        var specs = new Specs(app, temp, repo.url(), playbook);
        specs.extraVars = "{\"who\":\"world\",\"-c\":\"touch " + marker + "\",\"x\":\"1;touch " + marker + "\"}";
        specs.secretVars = Map.of("DB_PASSWORD", SECRET, "token", SURVEY_SECRET);
        specs.secrets = List.of(SECRET, SURVEY_SECRET);
        return specs;
    }

    private static JobResult run(Specs specs, RecordingListener listener) throws InterruptedException {
        return new LocalJobRunner().start(specs.build(), listener).await();
    }

    /** An executable bash stand-in that records its command line (one file per call) and environment. */
    private Path standIn(String name, String body) throws IOException {
        Path bin = temp.resolve("bin").resolve(name);
        Files.createDirectories(bin.getParent());
        Files.writeString(bin, """
                #!/bin/bash
                n=$(ls '%1$s' | grep -c '^cmdline-%2$s')
                tr '\\0' '\\n' < /proc/$$/cmdline > '%1$s/cmdline-%2$s-'"$n"
                env > '%1$s/env-%2$s-'"$n"
                """.formatted(seen, name) + body);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    /** Every recorded command line holds none of the secrets; returns them. */
    private List<String> commandLines(String prefix) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(seen)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("cmdline-" + prefix)).toList()) {
                all.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(all).as("recorded command lines of " + prefix).isNotEmpty();
        assertThat(all).allSatisfy(c -> assertThat(c).doesNotContain(SECRET, SURVEY_SECRET));
        return all;
    }

    @Test
    void bash_optionLikeScriptIsRefused_varsStayArguments_secretsComeThroughTheEnvironment() throws Exception {
        assertThat(run(specs("bash", "-c"), new RecordingListener()))
                .isEqualTo(JobResult.error("Script -c starts with '-', which would be read as an option"));

        var listener = new RecordingListener();
        assertThat(run(specs("bash", "run.sh"), listener)).as(listener.text()).isEqualTo(JobResult.success());
        List<String> bash = commandLines("bash").getFirst().lines().toList();
        // argv[0] is bash as found on PATH (tasks start through setsid, which resolves it)
        assertThat(Path.of(bash.getFirst()).getFileName()).hasToString("bash");
        assertThat(bash.subList(1, bash.size())).startsWith("--", "run.sh");
        assertThat(Files.readAllLines(seen.resolve("args-bash")))
                .containsExactly("who=world", "-c=touch " + marker, "x=1;touch " + marker);
        assertThat(seen.resolve("env-bash")).hasContent(SECRET + "|" + SURVEY_SECRET);
    }

    @Test
    void python_sameRules() throws Exception {
        assertThat(run(specs("python", "-c"), new RecordingListener()).reason()).contains("starts with '-'");

        var listener = new RecordingListener();
        assertThat(run(specs("python", "run.py"), listener)).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(commandLines("python").getFirst().lines().toList()).contains("--", "run.py");
        assertThat(Files.readAllLines(seen.resolve("args-python")))
                .containsExactly("who=world", "-c=touch " + marker, "x=1;touch " + marker);
        assertThat(seen.resolve("env-python")).hasContent(SECRET + "|" + SURVEY_SECRET);
    }

    @Test
    void powershell_throughAStandIn_sameRules() throws Exception {
        Specs refused = specs("powershell", "-c");
        refused.appPath = standIn("pwsh", "").toString();
        assertThat(run(refused, new RecordingListener()).reason()).contains("starts with '-'");

        Specs specs = specs("powershell", "run.sh");
        specs.appPath = standIn("pwsh", "").toString();
        var listener = new RecordingListener();
        assertThat(run(specs, listener)).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(commandLines("pwsh").getFirst().lines().skip(2).toList()) // after "/bin/bash <stand-in>"
                .containsExactly("-File", "run.sh", "who=world", "-c=touch " + marker, "x=1;touch " + marker);
        assertThat(Files.readAllLines(seen.resolve("env-pwsh-0")))
                .contains("DB_PASSWORD=" + SECRET, "token=" + SURVEY_SECRET);
    }

    @Test
    void terraform_secretsAreTfVarEnvironmentVariables_andOptionLikeNamesAreRefused() throws Exception {
        terraformLike("terraform");
    }

    @Test
    void tofu_sameRules() throws Exception {
        terraformLike("tofu");
    }

    private void terraformLike(String app) throws Exception {
        String bin = standIn(app, """
                case "$1" in
                  plan) echo "Plan: 1 to add, 0 to change, 0 to destroy." ;;
                  apply) echo "Apply complete!" ;;
                esac
                """).toString();
        Specs refused = specs(app, "--chdir=/");
        refused.appPath = bin;
        assertThat(run(refused, new RecordingListener()).reason()).contains("starts with '-'");
        Specs badWorkspace = specs(app, "infra");
        badWorkspace.appPath = bin;
        badWorkspace.inventory = new InventorySpec(app + "-workspace", "-or-create=false", null, null);
        assertThat(run(badWorkspace, new RecordingListener()).reason())
                .isEqualTo("Workspace -or-create=false starts with '-', which would be read as an option");

        Specs specs = specs(app, "infra");
        specs.appPath = bin;
        specs.autoApprove = true;
        var listener = new RecordingListener();
        assertThat(run(specs, listener)).as(listener.text()).isEqualTo(JobResult.success());
        List<String> calls = commandLines(app);
        assertThat(calls).hasSize(4); // init, workspace select, plan, apply
        assertThat(calls).anySatisfy(c -> assertThat(c.lines().toList())
                .contains("plan", "-var", "who=world", "-c=touch " + marker, "x=1;touch " + marker));
        for (int i = 0; i < 4; i++) {
            assertThat(Files.readAllLines(seen.resolve("env-" + app + "-" + i)))
                    .contains("TF_VAR_DB_PASSWORD=" + SECRET, "TF_VAR_token=" + SURVEY_SECRET);
        }
    }

    @Test
    void ansible_extraVarsComeFromAPrivateFile_thatIsGoneAfterTheRun() throws Exception {
        Tools.requireAnsible();
        // the wrapper records ansible-playbook's argv and what the extra vars file looks like during the run
        Path wrapper = temp.resolve("bin/ansible-playbook");
        Files.createDirectories(wrapper.getParent());
        Files.writeString(wrapper, """
                #!/bin/bash
                tr '\\0' '\\n' < /proc/$$/cmdline > '%1$s/cmdline-ansible'
                for a in "$@"; do
                  case "$a" in @*) stat -c '%%a' "${a#@}" > '%1$s/vars-mode'; echo "${a#@}" > '%1$s/vars-path' ;; esac
                done
                exec ansible-playbook "$@"
                """.formatted(seen));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Specs specs = specs("ansible", "site.yml");
        specs.appPath = wrapper.toString();
        specs.inventory = new InventorySpec("static", "localhost ansible_connection=local"
                + " ansible_python_interpreter=\"{{ ansible_playbook_python }}\"\n", KeyMaterial.NONE,
                new KeyMaterial("login_password", "--become-method=x", "b3come-pw", null, null));
        specs.limit = "-localhost,localhost";
        specs.vaults = List.of(new VaultSpec("-dev", "vault-pw", null));
        var listener = new RecordingListener();

        JobResult result = run(specs, listener);

        assertThat(result).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(listener.text()).contains("who=world token=******** db=********");
        List<String> argv = commandLines("ansible").getFirst().lines().toList();
        assertThat(String.join("\n", argv)).doesNotContain("b3come-pw", "vault-pw", "who");
        assertThat(argv).contains("--become-user=--become-method=x", "--limit=-localhost,localhost");
        assertThat(argv).anyMatch(a -> a.startsWith("--vault-id=-dev@"));
        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("--", "site.yml");
        assertThat(seen.resolve("vars-mode")).hasContent("600\n");
        Path varsFile = Path.of(Files.readString(seen.resolve("vars-path")).strip());
        assertThat(varsFile.getParent()).isEqualTo(specs.workDir);
        assertThat(varsFile).as("the extra vars file holds secrets").doesNotExist();

        assertThat(run(specs("ansible", "-c"), new RecordingListener()).reason()).contains("starts with '-'");
        Specs badVault = specs("ansible", "site.yml");
        badVault.inventory = specs.inventory;
        badVault.vaults = List.of(new VaultSpec("a@b", "vault-pw", null));
        assertThat(run(badVault, new RecordingListener()).reason()).contains("Vault name a@b contains '@'");
    }
}
