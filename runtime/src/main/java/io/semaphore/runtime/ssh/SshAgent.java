package io.semaphore.runtime.ssh;

import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.process.Command;
import io.semaphore.runtime.process.ProcessResult;
import io.semaphore.runtime.process.ProcessRunner;
import io.semaphore.runtime.process.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code ssh-agent -D -a <socket>} process serving keys on a Unix socket in a private folder. Keys are loaded with
 * {@code ssh-add -} reading the key from stdin; a passphrase goes through {@code SSH_ASKPASS} (forced) pointing at a
 * helper script that prints an environment variable, so neither the key nor the passphrase is ever in a file.
 * {@link #close()} ends the agent and deletes the socket and the folder.
 */
public final class SshAgent implements AutoCloseable {
    /** Unix socket paths are limited to 108 bytes; longer work folders fall back to the system temp folder. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ADD_TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSPHRASE_VARIABLE = "SEMAPHORE_SSH_PASSPHRASE";

    private final Path folder;
    private final Path socket;
    private final RunningProcess agent;
    private final Map<String, String> toolEnv;
    private final ProcessRunner runner;
    private final List<String> agentOutput;

    private SshAgent(Path folder, Path socket, RunningProcess agent, Map<String, String> toolEnv, ProcessRunner runner,
                     List<String> agentOutput) {
        this.folder = folder;
        this.socket = socket;
        this.agent = agent;
        this.toolEnv = toolEnv;
        this.runner = runner;
        this.agentOutput = agentOutput;
    }

    /**
     * Starts an agent under {@code workDir} and loads {@code key} (type ssh) into it.
     *
     * @param toolEnv environment for ssh-agent and ssh-add (PATH at least)
     */
    public static SshAgent start(Path workDir, KeyMaterial key, Map<String, String> toolEnv)
            throws InterruptedException {
        SshAgent agent = start(workDir, toolEnv);
        try {
            agent.add(key);
            return agent;
        } catch (RuntimeException | InterruptedException e) {
            agent.close();
            throw e;
        }
    }

    /** Starts an empty agent under {@code workDir}. */
    public static SshAgent start(Path workDir, Map<String, String> toolEnv) throws InterruptedException {
        var runner = new ProcessRunner();
        Path folder = null;
        try {
            folder = PrivateFiles.createFolder(workDir, "ssh-agent-");
            if (folder.resolve("agent.sock").toString().length() > MAX_SOCKET_PATH) {
                PrivateFiles.deleteQuietly(folder);
                folder = PrivateFiles.createFolder(Path.of(System.getProperty("java.io.tmpdir")), "ssh-agent-");
            }
            Path socket = folder.resolve("agent.sock");
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            RunningProcess process = runner.start(
                    Command.of(List.of("ssh-agent", "-D", "-a", socket.toString()), folder, toolEnv),
                    (time, line) -> output.add(line));
            var agent = new SshAgent(folder, socket, process, toolEnv, runner, output);
            agent.awaitSocket();
            return agent;
        } catch (IOException e) {
            if (folder != null) {
                PrivateFiles.deleteQuietly(folder);
            }
            throw new SshAgentException("Cannot start ssh-agent: " + e.getMessage());
        }
    }

    private void awaitSocket() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!ProcessHandle.of(agent.pid()).map(ProcessHandle::isAlive).orElse(false)
                    || System.nanoTime() > deadline) {
                close();
                throw new SshAgentException("Cannot start ssh-agent: "
                        + (agentOutput.isEmpty() ? "no socket after " + START_TIMEOUT.toSeconds() + " s"
                        : String.join(" ", agentOutput)));
            }
            Thread.sleep(10);
        }
    }

    /** Loads a private key (type ssh); the text may end with or without a newline and use CRLF. */
    public void add(KeyMaterial key) throws InterruptedException {
        if (key.privateKey() == null || key.privateKey().isBlank()) {
            throw new SshAgentException("Cannot load the ssh key: it has no private key");
        }
        Map<String, String> env = new HashMap<>(this.env());
        env.put("SSH_ASKPASS_REQUIRE", "force");
        env.put(PASSPHRASE_VARIABLE, key.passphrase() == null ? "" : key.passphrase());
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        try {
            Path askpass = PrivateFiles.writeEnvPrinter(folder.resolve("askpass"), PASSPHRASE_VARIABLE, "Bad");
            env.put("SSH_ASKPASS", askpass.toString());
            ProcessResult result = runner.run(Command.of(List.of("ssh-add", "-"), folder, env)
                    .withStdin(normalize(key.privateKey())).withTimeout(ADD_TIMEOUT), (time, line) -> output.add(line));
            if (!result.success()) {
                throw new SshAgentException("Cannot load the ssh key: " + reason(result, output, key));
            }
        } catch (IOException e) {
            throw new SshAgentException("Cannot load the ssh key: " + e.getMessage());
        }
    }

    private static String reason(ProcessResult result, List<String> output, KeyMaterial key) {
        if (result.timedOut()) {
            return "ssh-add timed out";
        }
        boolean asked = output.stream().anyMatch(line -> line.contains("passphrase") || line.contains("Bad"));
        if (asked || output.isEmpty()) {
            return key.passphrase() == null || key.passphrase().isEmpty()
                    ? "the key needs a passphrase" : "wrong passphrase";
        }
        return String.join(" ", output);
    }

    /** Key text as ssh-add wants it: LF line ends, no surrounding blanks, one final newline. */
    static String normalize(String privateKey) {
        return privateKey.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n";
    }

    public Path socket() {
        return socket;
    }

    /** {@code SSH_AUTH_SOCK} (plus the tool environment) for processes that use this agent. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>(toolEnv);
        env.put("SSH_AUTH_SOCK", socket.toString());
        return Map.copyOf(env);
    }

    /** Ends the agent (it forgets the keys) and deletes its socket and folder. */
    @Override
    public void close() {
        agent.stop(false);
        try {
            agent.await();
        } catch (InterruptedException e) {
            agent.stop(true);
            Thread.currentThread().interrupt();
        }
        PrivateFiles.deleteQuietly(folder);
    }

    @Override
    public String toString() {
        return "SshAgent[" + socket + "]";
    }
}
