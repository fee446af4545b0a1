package io.semaphore.runtime.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.runtime.job.JobSpec.RepositorySpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.process.ProcessRunner;
import io.semaphore.runtime.process.ProcessSession;
import io.semaphore.runtime.testing.LocalSshd;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.RecordingListener.Commit;
import io.semaphore.runtime.testing.Shell;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clones over a real ssh connection to a local sshd, the key served only by the job's ssh-agent. */
@Timeout(60)
class GitCheckoutSshTest {
    private static final String PASSPHRASE = "correct horse";

    @TempDir
    Path temp;

    private LocalSshd sshd;
    private TestRepo origin;
    private Path bare;
    private String url;
    private Path keys;
    private Path workDir;
    private Path clone;
    private RecordingListener listener;

    @BeforeEach
    void setUp() throws Exception {
        sshd = LocalSshd.start(temp.resolve("sshd"));
        origin = TestRepo.create(temp.resolve("origin"));
        bare = temp.resolve("origin.git");
        keys = Files.createDirectories(temp.resolve("keys")); // generated outside the work folder
        workDir = Files.createDirectories(temp.resolve("work"));
        clone = temp.resolve("repos").resolve("repository_1_1");
        listener = new RecordingListener();
        url = sshd.url(bare);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** Commits in the working repository and publishes the commit to the bare repository sshd serves. */
    private String publish(String file, String content, String message) {
        String hash = origin.commit(file, content, message);
        if (Files.exists(bare)) {
            origin.git("push", "-q", bare.toString(), "main");
        } else {
            Shell.run(temp, "git", "clone", "-q", "--bare", origin.dir().toString(), bare.toString());
        }
        return hash;
    }

    private String generate(String name, String passphrase) throws Exception {
        Shell.run(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", name);
        return Files.readString(keys.resolve(name));
    }

    private void checkout(KeyMaterial key) throws InterruptedException {
        var git = new GitCheckout(new ProcessSession(new ProcessRunner()), listener, Shell.baseEnv(workDir), workDir,
                GitCheckout.Timeouts.DEFAULT);
        git.checkout(new RepositorySpec(url, "main", null, key), clone);
    }

    @Test
    void checkout_sshUrl_clonesWithTheAgentsKeyThenFetches() throws Exception {
        String first = publish("a.txt", "one", "First over ssh");
        String privateKey = generate("deploy", "");
        sshd.authorize(keys.resolve("deploy.pub"));
        var key = new KeyMaterial("ssh", LocalSshd.user(), null, privateKey, null);

        checkout(key);

        assertThat(listener.commits()).as(sshd.log()).containsExactly(new Commit(first, "First over ssh"));
        assertThat(clone.resolve("a.txt")).hasContent("one");
        assertThat(Shell.run(clone, "git", "config", "--get", "remote.origin.url")).isEqualTo(url);
        assertThat(sshd.log()).contains("Accepted publickey for " + LocalSshd.user());

        String second = publish("a.txt", "two", "Second over ssh");
        checkout(key); // the same working copy: fetch and reset over ssh

        assertThat(clone.resolve("a.txt")).hasContent("two");
        assertThat(listener.commits().getLast()).isEqualTo(new Commit(second, "Second over ssh"));
        assertThat(Shell.filesContaining(workDir, keyBody(privateKey))).isEmpty();
        assertThat(Shell.filesContaining(clone, keyBody(privateKey))).isEmpty();
        assertThat(workDir).isEmptyDirectory(); // the agent's folder and socket are gone
    }

    @Test
    void checkout_sshUrlWithPassphraseKey_clones() throws Exception {
        String hash = publish("a.txt", "one", "First");
        String privateKey = generate("locked", PASSPHRASE);
        sshd.authorize(keys.resolve("locked.pub"));

        checkout(new KeyMaterial("ssh", LocalSshd.user(), null, privateKey, PASSPHRASE));

        assertThat(listener.commits()).as(sshd.log()).containsExactly(new Commit(hash, "First"));
        assertThat(Shell.filesContaining(workDir, PASSPHRASE)).isEmpty();
        assertThat(Shell.filesContaining(clone, PASSPHRASE)).isEmpty();
        assertThat(workDir).isEmptyDirectory();
    }

    @Test
    void checkout_keyTheServerDoesNotKnow_failsFastWithGitsError() throws Exception {
        publish("a.txt", "one", "First");
        generate("deploy", "");
        sshd.authorize(keys.resolve("deploy.pub"));
        String stranger = generate("stranger", "");
        long start = System.nanoTime();

        assertThatThrownBy(() -> checkout(new KeyMaterial("ssh", LocalSshd.user(), null, stranger, null)))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Cannot clone " + url + ": fatal: Could not read from remote repository");

        assertThat(listener.text()).contains("Permission denied (publickey)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(clone).doesNotExist();
        assertThat(workDir).isEmptyDirectory();
    }

    /** A line from the middle of the key: its secret part. */
    private static String keyBody(String key) {
        return key.lines().toList().get(2);
    }
}
