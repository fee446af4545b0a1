package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's own arguments (JobSpec.appArgs, what an administrator sets through {@code /api/apps/{id}}) on the
 * command lines the processes really get, read from their {@code /proc/<pid>/cmdline}: for scripts in place of the
 * interpreter's default arguments (as Semaphore does), for ansible-playbook right after the binary, for
 * terraform/tofu before every sub-command.
 */
@Timeout(120)
class AppArgsTest {
    @TempDir
    Path temp;

    private TestRepo repo;
    private Path seen;

    @BeforeEach
    void setUp() throws IOException {
        seen = Files.createDirectories(temp.resolve("seen"));
        repo = TestRepo.create(temp.resolve("origin"));
        repo.commit("run.sh", """
                #!/bin/bash
                tr '\\0' '\\n' < /proc/$$/cmdline > '%1$s/cmdline-script'
                echo "flags=$-"
                """.formatted(seen), "script");
        repo.commit("site.yml", "- hosts: all\n  tasks: []\n", "playbook");
        repo.commit("infra/main.tf", "# read by the stand-in's caller only\n", "terraform");
    }

    private Specs specs(String app, String playbook, List<String> appArgs) {
        Specs specs = new Specs(app, temp, repo.url(), playbook);
        specs.extraVars = "{\"who\":\"world\"}";
        specs.appArgs = appArgs;
        return specs;
    }

    private static JobResult run(Specs specs, RecordingListener listener) throws InterruptedException {
        return new LocalJobRunner().start(specs.build(), listener).await();
    }

    /** A bash stand-in for a program: records each call's command line (one file per call), then runs {@code body}. */
    private Path standIn(String name, String body) throws IOException {
        Path bin = temp.resolve("bin").resolve(name);
        Files.createDirectories(bin.getParent());
        Files.writeString(bin, """
                #!/bin/bash
                n=$(ls '%1$s' | grep -c '^cmdline-%2$s')
                tr '\\0' '\\n' < /proc/$$/cmdline > '%1$s/cmdline-%2$s-'"$n"
                """.formatted(seen, name) + body);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    /** The recorded command lines of {@code name}, in call order, without the "/bin/bash <stand-in>" start. */
    private List<List<String>> calls(String name) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(seen)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("cmdline-" + name + "-"))
                    .sorted().toList()) {
                List<String> argv = Files.readAllLines(f);
                out.add(argv.subList(2, argv.size()));
            }
        }
        return out;
    }

    @Test
    void bash_appArgsReplaceTheDefaultDoubleDash_beforeTheScript() throws Exception {
        var listener = new RecordingListener();
        assertThat(run(specs("bash", "run.sh", List.of("-e", "-u")), listener)).as(listener.text())
                .isEqualTo(JobResult.success());
        List<String> argv = Files.readAllLines(seen.resolve("cmdline-script"));
        assertThat(Path.of(argv.getFirst()).getFileName()).hasToString("bash");
        assertThat(argv.subList(1, argv.size())).containsExactly("-e", "-u", "run.sh", "who=world");
        assertThat(listener.text()).containsPattern("flags=[a-zA-Z]*e[a-zA-Z]*u|flags=[a-zA-Z]*u[a-zA-Z]*e");

        // without app args: the default "--"
        Files.delete(seen.resolve("cmdline-script"));
        assertThat(run(specs("bash", "run.sh", List.of()).nextTask(temp), new RecordingListener()))
                .isEqualTo(JobResult.success());
        argv = Files.readAllLines(seen.resolve("cmdline-script"));
        assertThat(argv.subList(1, argv.size())).containsExactly("--", "run.sh", "who=world");
    }

    @Test
    void powershell_appArgsReplaceDashFile_asInSemaphore() throws Exception {
        Specs specs = specs("powershell", "run.sh", List.of("-NoProfile", "-NonInteractive", "-File"));
        specs.appPath = standIn("pwsh", "").toString();
        var listener = new RecordingListener();
        assertThat(run(specs, listener)).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(calls("pwsh").getFirst())
                .containsExactly("-NoProfile", "-NonInteractive", "-File", "run.sh", "who=world");
    }

    @Test
    void ansible_appArgsComeRightAfterTheBinary_beforeItsOwnOptions() throws Exception {
        Specs specs = specs("ansible", "site.yml", List.of("--forks=3", "--timeout=20"));
        specs.appPath = standIn("ansible-playbook", "").toString();
        specs.inventory = new InventorySpec("static", "localhost ansible_connection=local\n", KeyMaterial.NONE, null);
        specs.templateArgs = List.of("--tags=web");
        var listener = new RecordingListener();
        assertThat(run(specs, listener)).as(listener.text()).isEqualTo(JobResult.success());
        List<String> argv = calls("ansible-playbook").getFirst();
        assertThat(argv.subList(0, 3)).containsExactly("--forks=3", "--timeout=20", "-i");
        assertThat(argv).containsSubsequence("--forks=3", "--extra-vars", "--tags=web", "--", "site.yml");
        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("--", "site.yml");
    }

    @Test
    void terraform_appArgsComeBeforeEverySubCommand() throws Exception {
        String bin = standIn("terraform", """
                for a in "$@"; do
                  case "$a" in
                    plan) echo "Plan: 1 to add, 0 to change, 0 to destroy." ;;
                    apply) echo "Apply complete!" ;;
                  esac
                done
                """).toString();
        Specs specs = specs("terraform", "infra", List.of("-no-color"));
        specs.appPath = bin;
        specs.autoApprove = true;
        var listener = new RecordingListener();
        assertThat(run(specs, listener)).as(listener.text()).isEqualTo(JobResult.success());
        List<List<String>> calls = calls("terraform");
        assertThat(calls).hasSize(4);
        assertThat(calls).allSatisfy(argv -> assertThat(argv.getFirst()).isEqualTo("-no-color"));
        assertThat(calls.stream().map(argv -> argv.get(1)).toList())
                .containsExactly("init", "workspace", "plan", "apply");
    }
}
