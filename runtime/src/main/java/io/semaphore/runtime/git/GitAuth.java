package io.semaphore.runtime.git;

import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.ssh.SshAgent;
import io.semaphore.runtime.ssh.SshConfigFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What git needs to reach a repository: the environment ({@code GIT_TERMINAL_PROMPT=0}, {@code GIT_SSH_COMMAND},
 * {@code SSH_AUTH_SOCK} of an agent holding an ssh key, or {@code GIT_ASKPASS} for a login and password) and extra
 * {@code -c} options. The askpass helpers print environment variables, so the password is in no file and the URL
 * (kept in .git/config) stays as given. Closing stops the agent and deletes the helpers.
 */
final class GitAuth implements AutoCloseable {
    static final String SSH_COMMAND =
            "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes";
    private static final String USER_VARIABLE = "SEMAPHORE_GIT_USERNAME";
    private static final String PASSWORD_VARIABLE = "SEMAPHORE_GIT_PASSWORD";

    private final Map<String, String> env;
    private final List<String> options;
    private final @Nullable SshAgent agent;
    private final @Nullable Path folder;

    private GitAuth(Map<String, String> env, List<String> options, @Nullable SshAgent agent, @Nullable Path folder) {
        this.env = Map.copyOf(env);
        this.options = List.copyOf(options);
        this.agent = agent;
        this.folder = folder;
    }

    static GitAuth open(@Nullable KeyMaterial key, Path workDir, Map<String, String> toolEnv)
            throws InterruptedException {
        return open(key, workDir, toolEnv, "");
    }

    /** @param sshConfigPath the server's ssh_config_path: given to ssh with -F (empty: ssh's default files) */
    static GitAuth open(@Nullable KeyMaterial key, Path workDir, Map<String, String> toolEnv, String sshConfigPath)
            throws InterruptedException {
        Map<String, String> env = new HashMap<>(toolEnv);
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_SSH_COMMAND", sshCommand(sshConfigPath));
        String type = key == null ? "none" : key.type();
        switch (type) {
            case "ssh" -> {
                SshAgent agent = SshAgent.start(workDir, key, toolEnv);
                env.put("SSH_AUTH_SOCK", agent.socket().toString());
                return new GitAuth(env, List.of(), agent, null);
            }
            case "login_password" -> {
                return askpass(key, workDir, env);
            }
            default -> {
                return new GitAuth(env, List.of(), null, null);
            }
        }
    }

    /** The ssh command git runs, with {@code -F <file>} when the server has an ssh_config_path. */
    static String sshCommand(String sshConfigPath) {
        String file = SshConfigFile.option(sshConfigPath);
        return file.isEmpty() ? SSH_COMMAND : SSH_COMMAND + " " + file;
    }

    /** Login (or the password alone when there is no login, as Semaphore puts it in the URL) through GIT_ASKPASS. */
    private static GitAuth askpass(KeyMaterial key, Path workDir, Map<String, String> env) {
        String password = key.password() == null ? "" : key.password();
        String login = key.login() == null || key.login().isEmpty() ? password : key.login();
        try {
            Path folder = PrivateFiles.createFolder(workDir, "git-askpass-");
            Path script = folder.resolve("askpass");
            PrivateFiles.writeFile(script, """
                    #!/bin/sh
                    case "$1" in
                      Username*) printf '%s\\n' "$SEMAPHORE_GIT_USERNAME" ;;
                      *) printf '%s\\n' "$SEMAPHORE_GIT_PASSWORD" ;;
                    esac
                    """);
            script.toFile().setExecutable(true, true);
            env.put("GIT_ASKPASS", script.toString());
            env.put(USER_VARIABLE, login);
            env.put(PASSWORD_VARIABLE, password);
            // no credential helper may store the password (e.g. ~/.git-credentials)
            List<String> options = new ArrayList<>(List.of("-c", "credential.helper="));
            return new GitAuth(env, options, null, folder);
        } catch (IOException e) {
            throw new GitException("Cannot prepare git credentials: " + e.getMessage());
        }
    }

    Map<String, String> env() {
        return env;
    }

    /** {@code -c name=value} options to put right after "git". */
    List<String> options() {
        return options;
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        if (folder != null) {
            PrivateFiles.deleteQuietly(folder);
        }
    }
}
