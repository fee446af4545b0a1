package io.semaphore.runtime.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SshAgentTest {
    private static final String PASSPHRASE = "correct horse";

    @TempDir
    Path temp;

    private Path workDir;
    private Path keys;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        workDir = Files.createDirectories(temp.resolve("work"));
        keys = Files.createDirectories(temp.resolve("keys")); // generated outside the work folder
        env = Shell.baseEnv(workDir);
    }

    private String generate(String name, String passphrase) throws Exception {
        Shell.run(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", name);
        return Files.readString(keys.resolve(name));
    }

    private String fingerprint(String name) {
        return Shell.run(keys, "ssh-keygen", "-lf", name + ".pub").split(" ")[1];
    }

    private String listed(SshAgent agent) {
        return Shell.run(workDir, Map.of("SSH_AUTH_SOCK", agent.socket().toString()), "ssh-add", "-l");
    }

    @Test
    void start_unencryptedKey_isListedByTheAgent() throws Exception {
        String key = generate("plain", "");

        try (SshAgent agent = SshAgent.start(workDir, new KeyMaterial("ssh", "git", null, key, null), env)) {
            assertThat(listed(agent)).contains(fingerprint("plain"));
            assertThat(Shell.filesContaining(workDir, keyBody(key))).isEmpty();
            assertThat(Files.getPosixFilePermissions(agent.socket().getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void start_passphraseKeyWithCrlfAndNoFinalNewline_isListed() throws Exception {
        String key = generate("locked", PASSPHRASE);
        String crlf = key.strip().replace("\n", "\r\n");

        SshAgent agent = SshAgent.start(workDir, new KeyMaterial("ssh", null, null, crlf, PASSPHRASE), env);
        try {
            assertThat(listed(agent)).contains(fingerprint("locked"));
            assertThat(Shell.filesContaining(workDir, keyBody(key))).isEmpty();
            assertThat(Shell.filesContaining(workDir, PASSPHRASE)).isEmpty();
        } finally {
            agent.close();
        }

        assertThat(agent.socket()).doesNotExist();
        assertThat(agent.socket().getParent()).doesNotExist();
    }

    @Test
    void start_wrongPassphrase_failsAtOnce() throws Exception {
        String key = generate("locked", PASSPHRASE);

        assertThatThrownBy(() -> SshAgent.start(workDir, new KeyMaterial("ssh", null, null, key, "wrong"), env))
                .isInstanceOf(SshAgentException.class).hasMessage("Cannot load the ssh key: wrong passphrase");
        assertThat(workDir).isEmptyDirectory();
    }

    @Test
    void start_encryptedKeyWithoutPassphrase_fails() throws Exception {
        String key = generate("locked", PASSPHRASE);

        assertThatThrownBy(() -> SshAgent.start(workDir, new KeyMaterial("ssh", null, null, key, null), env))
                .isInstanceOf(SshAgentException.class)
                .hasMessage("Cannot load the ssh key: the key needs a passphrase");
    }

    @Test
    void start_notAKey_fails() {
        assertThatThrownBy(() -> SshAgent.start(workDir, new KeyMaterial("ssh", null, null, "garbage", null), env))
                .isInstanceOf(SshAgentException.class).hasMessageStartingWith("Cannot load the ssh key: ");
    }

    /** A line from the middle of the key: its secret part. */
    private static String keyBody(String key) {
        return key.lines().toList().get(2);
    }
}
