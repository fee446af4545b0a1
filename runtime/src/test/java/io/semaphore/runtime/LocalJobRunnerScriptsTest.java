package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.git.GitCheckout;
import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobRunner.RunningJob;
import io.semaphore.runtime.process.ProcessRunner;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalJobRunnerScriptsTest {
    private static final String BASH_SCRIPT = """
            #!/bin/bash
            echo "args: $*"
            echo "greeting: $GREETING"
            echo "secret env: $API_TOKEN"
            echo "home: $HOME"
            exit "${EXIT_CODE:-0}"
            """;
    private static final String PYTHON_SCRIPT = """
            import os, sys
            print("args:", " ".join(sys.argv[1:]))
            print("greeting:", os.environ["GREETING"])
            print("to stderr", file=sys.stderr)
            sys.exit(int(os.environ.get("EXIT_CODE", "0")))
            """;

    @TempDir
    Path temp;

    private TestRepo repo;
    private String commit;
    private final LocalJobRunner runner =
            new LocalJobRunner(Clock.systemUTC(), Duration.ofSeconds(5), GitCheckout.Timeouts.DEFAULT,
                    ProcessRunner.DEFAULT_MAX_LINE_BYTES);

    @BeforeEach
    void setUp() {
        repo = TestRepo.create(temp.resolve("origin"));
        repo.commit("scripts/run.sh", BASH_SCRIPT, "Add scripts");
        commit = repo.commit("scripts/run.py", PYTHON_SCRIPT, "Add the python script");
    }

    private Specs specs(String app, String script) {
        var specs = new Specs(app, temp, repo.url(), script);
        specs.extraVars = "{\"name\":\"world\",\"count\":3,\"semaphore_vars\":{\"task_details\":{\"id\":1}}}";
        specs.env = Map.of("GREETING", "hello", "API_TOKEN", "tok-123");
        specs.secretVars = Map.of("DB_PASSWORD", "hunter2");
        specs.templateArgs = List.of("--from-template");
        specs.taskArgs = List.of("--from-task");
        specs.secrets = List.of("tok-123", "hunter2");
        return specs;
    }

    private JobResult run(Specs specs, RecordingListener listener) throws InterruptedException {
        return runner.start(specs.build(), listener).await();
    }

    @Test
    void bash_passesArgumentsEnvAndExtraVarsAndMasksSecrets() throws Exception {
        var listener = new RecordingListener();
        Specs specs = specs("bash", "scripts/run.sh");

        JobResult result = run(specs, listener);

        assertThat(result).isEqualTo(JobResult.success());
        assertThat(listener.lines()).startsWith("Preparing: task 1").contains(
                "args: --from-template name=world count=3 --from-task",
                "greeting: hello",
                "secret env: ********",
                "home: " + specs.workDir);
        assertThat(listener.commits()).extracting(RecordingListener.Commit::hash).containsExactly(commit);
        assertThat(listener.running).hasValue(1);
        assertThat(String.join("\n", listener.lines())).doesNotContain("hunter2", "tok-123");
    }

    @Test
    void bash_nonZeroExit_isAnErrorNamingTheCode() throws Exception {
        var listener = new RecordingListener();
        Specs specs = specs("bash", "scripts/run.sh");
        specs.env = Map.of("GREETING", "hello", "EXIT_CODE", "3");

        JobResult result = run(specs, listener);

        assertThat(result).isEqualTo(JobResult.error("bash exited with code 3"));
        assertThat(listener.lines()).last().isEqualTo("bash exited with code 3");
    }

    @Test
    void python_runsTheScriptWithItsArguments() throws Exception {
        var listener = new RecordingListener();

        JobResult result = run(specs("python", "scripts/run.py"), listener);

        assertThat(result).isEqualTo(JobResult.success());
        assertThat(listener.lines()).containsSubsequence(
                "args: --from-template name=world count=3 --from-task",
                "greeting: hello",
                "to stderr");
    }

    @Test
    void python_nonZeroExit_isAnError() throws Exception {
        Specs specs = specs("python", "scripts/run.py");
        specs.env = Map.of("GREETING", "hi", "EXIT_CODE", "4");

        assertThat(run(specs, new RecordingListener())).isEqualTo(JobResult.error("python3 exited with code 4"));
    }

    @Test
    void stop_endsTheRunningScriptAsStopped() throws Exception {
        repo.commit("sleep.sh", "#!/bin/bash\necho started\nsleep 100 & sleep 100 & wait\n", "Sleep");
        var listener = new RecordingListener();
        RunningJob job = runner.start(specs("bash", "sleep.sh").build(), listener);
        for (int i = 0; i < 1000 && !listener.lines().contains("started"); i++) {
            Thread.sleep(10);
        }

        long start = System.nanoTime();
        job.stop(false);

        assertThat(job.await()).isEqualTo(JobResult.stopped());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void unknownApp_isAnError() throws Exception {
        var listener = new RecordingListener();

        assertThat(run(specs("perl", "x.pl"), listener)).isEqualTo(JobResult.error("Unknown app: perl"));
        assertThat(listener.lines()).containsExactly("Preparing: task 1", "Unknown app: perl");
    }

    @Test
    void scriptOutsideTheRepository_isRefused() throws Exception {
        assertThat(run(specs("bash", "../outside.sh"), new RecordingListener()))
                .isEqualTo(JobResult.error("Script ../outside.sh is outside the repository"));
    }

    @Test
    void badRepositoryUrl_isAnErrorWithGitsLine() throws Exception {
        Specs specs = specs("bash", "scripts/run.sh");
        specs.repository = new io.semaphore.runtime.job.JobSpec.RepositorySpec("file:///no/such.git", "main", null,
                null);

        JobResult result = run(specs, new RecordingListener());

        assertThat(result.outcome()).isEqualTo(JobResult.Outcome.ERROR);
        assertThat(result.reason()).startsWith("Cannot clone file:///no/such.git: fatal: ");
    }

    @Test
    void missingInterpreter_isAnErrorNamingIt() throws Exception {
        Specs specs = specs("powershell", "scripts/run.sh");

        JobResult result = run(specs, new RecordingListener());

        if (io.semaphore.runtime.testing.Shell.onPath("pwsh")) {
            assertThat(result.outcome()).isEqualTo(JobResult.Outcome.ERROR); // pwsh cannot run a bash script
        } else {
            assertThat(result).isEqualTo(JobResult.error("Cannot run pwsh: No such file or directory"));
        }
    }

    /** pwsh is not installable here: a stand-in set as the app's path shows the command line and environment it gets. */
    @Test
    void powershell_getsFileScriptArgumentsAndEnvironment_throughTheAppPath() throws Exception {
        java.nio.file.Path pwsh = temp.resolve("bin/pwsh");
        java.nio.file.Files.createDirectories(pwsh.getParent());
        java.nio.file.Files.writeString(pwsh, "#!/bin/bash\necho \"pwsh $*\"\necho \"GREETING=$GREETING in $PWD\"\n");
        java.nio.file.Files.setPosixFilePermissions(pwsh, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Specs specs = specs("powershell", "scripts/run.sh");
        specs.appPath = pwsh.toString();
        var listener = new RecordingListener();

        JobResult result = run(specs, listener);

        assertThat(result).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(listener.lines()).contains(
                "pwsh -File scripts/run.sh --from-template name=world count=3 --from-task",
                "GREETING=hello in " + specs.repositoryDir);
    }
}
