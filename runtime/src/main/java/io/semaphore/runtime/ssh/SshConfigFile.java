package io.semaphore.runtime.ssh;

/**
 * The server's {@code ssh_config_path} as an ssh option: {@code -F '<path>'}, quoted for the shell-like splitting of
 * both its readers ({@code GIT_SSH_COMMAND} is run by a shell; ansible splits {@code ANSIBLE_SSH_COMMON_ARGS} as a
 * shell would). With -F, ssh reads that file instead of ~/.ssh/config and /etc/ssh/ssh_config, as in Semaphore.
 */
public final class SshConfigFile {
    private SshConfigFile() {}

    /** {@code -F '<path>'}, or "" when no file is configured. */
    public static String option(String path) {
        if (path == null || path.isBlank()) {
            return "";
        }
        return "-F " + quote(path.strip());
    }

    /** POSIX single quotes: every character literal, a quote written as '\''. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
