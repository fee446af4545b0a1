package io.semaphore.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ProcessRunnerTest {
    private static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"));

    @TempDir
    Path temp;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LineSink sink = (time, line) -> lines.add(line);

    private Command command(String... argv) {
        return Command.of(List.of(argv), temp, ENV);
    }

    @Test
    void run_keepsTheOrderOf10000Lines() throws Exception {
        ProcessResult result = new ProcessRunner().run(command("seq", "1", "10000"), sink);

        assertThat(result.success()).isTrue();
        assertThat(lines).isEqualTo(IntStream.rangeClosed(1, 10_000).mapToObj(Integer::toString).toList());
    }

    @Test
    void run_mergesStderrInOrder() throws Exception {
        new ProcessRunner().run(command("bash", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"), sink);

        assertThat(lines).containsExactly("out1", "err1", "out2", "err2");
    }

    @Test
    void run_exitCodeAndExplicitEnvironmentOnly() throws Exception {
        ProcessResult result = new ProcessRunner().run(
                Command.of(List.of("/usr/bin/env"), temp, Map.of("ONLY", "this")), sink);
        ProcessResult failed = new ProcessRunner().run(command("bash", "-c", "exit 7"), sink);

        assertThat(lines).containsExactly("ONLY=this");
        assertThat(result.exitCode()).isZero();
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.success()).isFalse();
    }

    @Test
    void run_feedsStdinText() throws Exception {
        new ProcessRunner().run(command("cat").withStdin("one\r\ntwo"), sink);

        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void run_masksSecretsThroughTheMask() throws Exception {
        LogMask mask = LogMask.of(List.of("s3cret", "-----BEGIN KEY-----\nAAAAline2\n-----END KEY-----\n"));

        new ProcessRunner().run(command("bash", "-c", "echo pass=s3cret!; echo AAAAline2; echo clean"),
                mask.wrap(sink));

        assertThat(lines).containsExactly("pass=********!", "********", "clean");
    }

    @Test
    void start_missingProgram_throws() {
        assertThatThrownBy(() -> new ProcessRunner().start(command("/no/such/program"), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("No such file");
    }

    @Test
    void stop_killsTheWholeProcessTree() throws Exception {
        RunningProcess process = new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(20))
                .start(command("bash", "-c", "sleep 100 & sleep 100 & wait"), sink);
        List<ProcessHandle> children = awaitDescendants(process, 2);

        long start = System.nanoTime();
        process.stop(false);
        ProcessResult result = process.await();

        assertThat(result.stopped()).isTrue();
        assertGone(children);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10)); // SIGTERM did it
    }

    @Test
    void stop_sendsSigkillAfterTheGracePeriod() throws Exception {
        RunningProcess process = new ProcessRunner(Clock.systemUTC(), Duration.ofMillis(500))
                .start(command("bash", "-c", "trap '' TERM; sleep 100 & sleep 100 & wait"), sink);
        List<ProcessHandle> children = awaitDescendants(process, 2);

        long start = System.nanoTime();
        process.stop(false);
        ProcessResult result = process.await();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(result.stopped()).isTrue();
        assertThat(result.exitCode()).isEqualTo(137);
        assertGone(children);
    }

    @Test
    void stop_forced_killsAtOnce() throws Exception {
        RunningProcess process = new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(60))
                .start(command("bash", "-c", "trap '' TERM; sleep 100 & sleep 100 & wait"), sink);
        List<ProcessHandle> children = awaitDescendants(process, 2);

        process.stop(true);
        ProcessResult result = process.await();

        assertThat(result.stopped()).isTrue();
        assertGone(children);
    }

    @Test
    void await_timeout_endsTheProcess() throws Exception {
        long start = System.nanoTime();
        ProcessResult result = new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(1))
                .run(command("sleep", "100").withTimeout(Duration.ofMillis(300)), sink);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.stopped()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void await_backgroundChildKeepsOutputOpen_returnsAnyway() throws Exception {
        long start = System.nanoTime();
        ProcessResult result = new ProcessRunner().run(command("bash", "-c", "sleep 6 & echo done"), sink);

        assertThat(result.exitCode()).isZero();
        assertThat(lines).containsExactly("done");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void session_stoppedBeforeStart_startsNothing() throws Exception {
        var session = new ProcessSession(new ProcessRunner());
        session.stop(false);

        ProcessResult result = session.run(command("bash", "-c", "echo never"), sink);

        assertThat(result).isEqualTo(ProcessResult.NOT_STARTED);
        assertThat(lines).isEmpty();
    }

    @Test
    void start_eachProcessLeadsASessionOfItsOwn() throws Exception {
        RunningProcess process = new ProcessRunner().start(command("bash", "-c", "ps -o sid= -p $$; sleep 100"), sink);
        try {
            SessionId session = process.session().orElseThrow();

            assertThat(session.id()).isEqualTo(process.pid());
            awaitLines(1);
            assertThat(lines.getFirst().strip()).isEqualTo(Long.toString(process.pid()));
            assertThat(Sessions.members(session)).extracting(ProcessHandle::pid).contains(process.pid());
        } finally {
            process.stop(true);
            process.await();
        }
    }

    /** A daemonized child ({@code (cmd &)}: its parent ends at once) is no longer in the tree, but in the session. */
    @Test
    void stop_reachesChildrenThatLeftTheProcessTree() throws Exception {
        String marker = "4711." + ProcessHandle.current().pid();
        RunningProcess process = new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(20))
                .start(command("bash", "-c", "(sleep " + marker + " &); echo ready; sleep 100"), sink);
        ProcessHandle daemon = awaitProcess("sleep", marker);
        try {
            assertThat(ProcessHandle.of(process.pid()).orElseThrow().descendants()).doesNotContain(daemon);

            process.stop(false);
            process.await();

            assertGone(List.of(daemon));
        } finally {
            daemon.destroyForcibly(); // a failed test leaves no process behind
        }
    }

    @Test
    void withoutSetsid_processesRunAndStopAsTrees() throws Exception {
        ProcessRunner runner = new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(20),
                ProcessRunner.DEFAULT_MAX_LINE_BYTES, null);
        assertThat(runner.run(command("bash", "-c", "echo plain"), sink).success()).isTrue();
        RunningProcess process = runner.start(command("bash", "-c", "sleep 100 & sleep 100 & wait"), sink);
        List<ProcessHandle> children = awaitDescendants(process, 2);

        process.stop(false);

        assertThat(process.await().stopped()).isTrue();
        assertThat(process.session()).isEmpty();
        assertThat(lines).containsExactly("plain");
        assertGone(children);
    }

    @Test
    void run_cutsALineLongerThanTheLimit_andGoesOn() throws Exception {
        ProcessRunner runner = new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(5), 1024);

        ProcessResult result = runner.run(command("python3", "-c",
                "import sys; sys.stdout.write('x' * 10_000_000 + '\\nnext\\n')"), sink);

        assertThat(result.success()).isTrue();
        assertThat(lines).containsExactly("x".repeat(1024) + " [line cut: longer than 1 KiB]", "next");
    }

    /** A job's earlier step left a daemon behind: stopping the job during a later step ends it too. */
    @Test
    void sessionStop_alsoEndsWhatEarlierProcessesLeftInTheirSessions() throws Exception {
        String marker = "4714." + ProcessHandle.current().pid();
        List<SessionId> reported = Collections.synchronizedList(new ArrayList<>());
        var session = new ProcessSession(new ProcessRunner(Clock.systemUTC(), Duration.ofSeconds(20)), reported::add);
        assertThat(session.run(command("bash", "-c", "(sleep " + marker + " &)"), sink).success()).isTrue();
        ProcessHandle daemon = awaitProcess("sleep", marker);
        Thread later = Thread.ofVirtual().start(() -> {
            try {
                session.run(command("sleep", "100"), sink);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 500 && reported.size() < 2; i++) {
            Thread.sleep(10);
        }

        try {
            session.stop(false);
            later.join(10_000);

            assertThat(reported).hasSize(2);
            assertThat(later.isAlive()).isFalse();
            assertGone(List.of(daemon));
        } finally {
            daemon.destroyForcibly(); // a failed test leaves no process behind
        }
    }

    /** The session of a process whose runner is gone (a crashed server): found and ended from /proc alone. */
    @Test
    void sessions_endEveryProcessOfASession_andNoOther() throws Exception {
        String marker = "4712." + ProcessHandle.current().pid();
        RunningProcess abandoned = new ProcessRunner().start(
                command("bash", "-c", "(sleep " + marker + " &); sleep " + marker), sink);
        RunningProcess other = new ProcessRunner().start(command("sleep", "4713"), sink);
        try {
            awaitProcess("sleep", marker);
            SessionId session = abandoned.session().orElseThrow();
            List<ProcessHandle> members = Sessions.members(session);
            assertThat(members).hasSizeGreaterThanOrEqualTo(2) // bash (or the sleep it ran last) and the daemonized sleep
                    .anyMatch(h -> h.pid() == abandoned.pid());

            int ended = Sessions.end(List.of(session), Duration.ofSeconds(5));

            assertThat(ended).isEqualTo(members.size());
            assertGone(members);
            assertThat(ProcessHandle.of(other.pid()).map(ProcessHandle::isAlive)).contains(true);
            // A session id whose leader started at another time is someone else's (the pid was used again).
            SessionId seen = other.session().orElseThrow();
            SessionId reused = new SessionId(other.pid(), seen.latest() + 1, seen.latest() + 1);
            assertThat(Sessions.members(reused)).isEmpty();
        } finally {
            other.stop(true);
            other.await();
            abandoned.await();
        }
    }

    private void awaitLines(int count) throws InterruptedException {
        for (int i = 0; i < 500 && lines.size() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(count);
    }

    /** A live process of this user with exactly this command and argument. */
    static ProcessHandle awaitProcess(String program, String argument) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            var found = ProcessHandle.allProcesses()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/" + program)).orElse(false)
                            && h.info().arguments().map(a -> List.of(a).equals(List.of(argument))).orElse(false))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError(program + " " + argument + " did not start");
    }

    private static List<ProcessHandle> awaitDescendants(RunningProcess process, int count) throws InterruptedException {
        ProcessHandle root = ProcessHandle.of(process.pid()).orElseThrow();
        for (int i = 0; i < 500; i++) {
            List<ProcessHandle> children = root.descendants().toList();
            if (children.size() >= count) {
                return children;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the process tree did not start");
    }

    private static void assertGone(List<ProcessHandle> handles) throws InterruptedException {
        for (int i = 0; i < 200 && handles.stream().anyMatch(ProcessHandle::isAlive); i++) {
            Thread.sleep(25);
        }
        assertThat(handles).noneMatch(ProcessHandle::isAlive);
    }
}
