package io.semaphore.runtime.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.runtime.job.JobSpec.RepositorySpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.process.ProcessRunner;
import io.semaphore.runtime.process.ProcessSession;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.RecordingListener.Commit;
import io.semaphore.runtime.testing.Shell;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GitCheckoutTest {
    @TempDir
    Path temp;

    private TestRepo origin;
    private Path workDir;
    private Path clone;
    private RecordingListener listener;

    @BeforeEach
    void setUp() throws Exception {
        origin = TestRepo.create(temp.resolve("origin"));
        workDir = Files.createDirectories(temp.resolve("work"));
        clone = temp.resolve("repos").resolve("repository_1_1");
        listener = new RecordingListener();
    }

    private Path checkout(String url, String branch, String commit) throws InterruptedException {
        return checkout(new RepositorySpec(url, branch, commit, KeyMaterial.NONE));
    }

    private Path checkout(RepositorySpec repository) throws InterruptedException {
        var git = new GitCheckout(new ProcessSession(new ProcessRunner()), listener, Shell.baseEnv(workDir), workDir,
                GitCheckout.Timeouts.DEFAULT);
        return git.checkout(repository, clone);
    }

    @Test
    void checkout_fileUrl_clonesAndReportsTheCommit() throws Exception {
        String hash = origin.commit("a.txt", "one", "First commit");

        Path dir = checkout(origin.url(), "main", null);

        assertThat(dir).isEqualTo(clone);
        assertThat(clone.resolve("a.txt")).hasContent("one");
        assertThat(listener.commits()).containsExactly(new Commit(hash, "First commit"));
        assertThat(listener.text()).contains("Cloning into 'repository_1_1'");
    }

    @Test
    void checkout_again_updatesToTheNewCommitAndKeepsUntrackedFiles() throws Exception {
        origin.commit("a.txt", "one", "First");
        checkout(origin.url(), "main", null);
        Files.writeString(clone.resolve("terraform.tfstate"), "state");
        Files.writeString(clone.resolve("a.txt"), "changed by the last task");
        String second = origin.commit("a.txt", "two", "Second");

        checkout(origin.url(), "main", null);

        assertThat(clone.resolve("a.txt")).hasContent("two");
        assertThat(clone.resolve("terraform.tfstate")).hasContent("state");
        assertThat(listener.commits().getLast()).isEqualTo(new Commit(second, "Second"));
    }

    @Test
    void checkout_branch_checksThatBranchOut() throws Exception {
        origin.commit("a.txt", "one", "First");
        origin.git("checkout", "-q", "-b", "dev");
        String dev = origin.commit("b.txt", "dev", "On dev");
        origin.git("checkout", "-q", "main");

        checkout(origin.url(), "dev", null);
        assertThat(clone.resolve("b.txt")).exists();
        assertThat(listener.commits().getLast().hash()).isEqualTo(dev);

        checkout(origin.url(), "main", null); // the same working copy, another branch
        assertThat(clone.resolve("b.txt")).doesNotExist();
    }

    @Test
    void checkout_commitHash_checksThatCommitOut() throws Exception {
        String first = origin.commit("a.txt", "one", "First");
        origin.commit("a.txt", "two", "Second");

        checkout(origin.url(), "main", first);

        assertThat(clone.resolve("a.txt")).hasContent("one");
        assertThat(listener.commits().getLast()).isEqualTo(new Commit(first, "First"));
    }

    /** Branches and commits that git would read as options never reach git as options (the marker proves it). */
    @Test
    void checkout_optionLikeBranchOrCommit_isRefused_andRunsNothing() throws Exception {
        origin.commit("a.txt", "one", "First");
        Path marker = temp.resolve("pwned");
        String upload = "--upload-pack=touch " + marker + ";git-upload-pack";
        for (String[] bad : new String[][] {{upload, null}, {"-x", null}, {"main", upload}, {"main", "-x"},
                {"main", "HEAD --upload-pack=x"}}) {
            assertThatThrownBy(() -> checkout(origin.url(), bad[0], bad[1]))
                    .as("branch %s commit %s", bad[0], bad[1])
                    .isInstanceOf(GitException.class)
                    .hasMessageContaining("starting with '-' or holding spaces or control characters is refused");
        }
        checkout(origin.url(), "main", null);
        assertThatThrownBy(() -> checkout(origin.url(), "main", "--output=" + marker))
                .isInstanceOf(GitException.class);
        assertThat(marker).doesNotExist();
    }

    /** A commit is resolved to its hash first, so names git resolves (a tag, HEAD~1) work as before. */
    @Test
    void checkout_commitByName_isResolvedToItsHash() throws Exception {
        String first = origin.commit("a.txt", "one", "First");
        origin.commit("a.txt", "two", "Second");
        origin.git("tag", "v1", first);

        checkout(origin.url(), "main", "v1");
        assertThat(clone.resolve("a.txt")).hasContent("one");
        checkout(origin.url(), "main", "HEAD~1");
        assertThat(listener.commits().getLast().hash()).isEqualTo(first);
        assertThatThrownBy(() -> checkout(origin.url(), "main", "nosuchcommit"))
                .isInstanceOf(GitException.class).hasMessageStartingWith("Cannot check out commit nosuchcommit: fatal:");
    }

    @Test
    void checkout_localPath_isUsedInPlace() throws Exception {
        String hash = origin.commit("a.txt", "one", "x".repeat(150));

        Path dir = checkout(origin.dir().toString(), "", null);

        assertThat(dir).isEqualTo(origin.dir());
        assertThat(clone).doesNotExist();
        assertThat(listener.commits()).containsExactly(new Commit(hash, "x".repeat(100)));
    }

    @Test
    void checkout_otherUrlInTheFolder_clonesAfresh() throws Exception {
        origin.commit("a.txt", "one", "First");
        checkout(origin.url(), "main", null);
        TestRepo other = TestRepo.create(temp.resolve("other"));
        String hash = other.commit("c.txt", "other", "Other");

        checkout(other.url(), "main", null);

        assertThat(clone.resolve("a.txt")).doesNotExist();
        assertThat(listener.commits().getLast().hash()).isEqualTo(hash);
    }

    @Test
    void checkout_badUrl_failsFastWithGitsError() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> checkout("file:///no/such/repo.git", "main", null))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Cannot clone file:///no/such/repo.git: fatal: ")
                .hasMessageContaining("/no/such/repo.git");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void checkout_missingBranch_fails() throws Exception {
        origin.commit("a.txt", "one", "First");

        assertThatThrownBy(() -> checkout(origin.url(), "nope", null))
                .isInstanceOf(GitException.class)
                .hasMessageContaining("Cannot clone " + origin.url() + ": ").hasMessageContaining("nope");
    }

    @Test
    void checkout_missingLocalFolder_fails() {
        assertThatThrownBy(() -> checkout("/no/such/folder", "", null))
                .isInstanceOf(GitException.class).hasMessage("Repository folder /no/such/folder does not exist");
    }

    @Test
    void checkout_httpsLoginPassword_sendsCredentialsThroughAskpassOnly() throws Exception {
        String hash = origin.commit("a.txt", "one", "First");
        String password = "pa55-w0rd-secret";
        try (var server = DumbHttpGitServer.serve(origin, temp.resolve("served"), "deploy", password)) {
            var key = new KeyMaterial("login_password", "deploy", password, null, null);

            checkout(new RepositorySpec(server.url(), "main", null, key));

            assertThat(server.authorizations()).contains("deploy:" + password);
            assertThat(listener.commits()).containsExactly(new Commit(hash, "First"));
            assertThat(Shell.run(clone, "git", "config", "--get", "remote.origin.url")).isEqualTo(server.url());
            assertThat(Shell.filesContaining(clone, password)).isEmpty();
            assertThat(Shell.filesContaining(workDir, password)).isEmpty();
            assertThat(workDir).isEmptyDirectory(); // the askpass helper is gone
        }
    }

    @Test
    void checkout_httpsWrongPassword_failsWithoutPrompting() throws Exception {
        origin.commit("a.txt", "one", "First");
        try (var server = DumbHttpGitServer.serve(origin, temp.resolve("served"), "deploy", "right")) {
            var key = new KeyMaterial("login_password", "deploy", "wrong", null, null);

            assertThatThrownBy(() -> checkout(new RepositorySpec(server.url(), "main", null, key)))
                    .isInstanceOf(GitException.class)
                    .hasMessageStartingWith("Cannot clone " + server.url() + ": fatal: Authentication failed");
        }
    }

    @Test
    void checkout_sshUrl_usesAnAgentAndFailsClearlyWhenTheHostRefuses() throws Exception {
        Path keys = Files.createDirectories(temp.resolve("keys"));
        Shell.run(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "id");
        String privateKey = Files.readString(keys.resolve("id"));
        String url = "ssh://git@127.0.0.1:1/repo.git";
        long start = System.nanoTime();

        assertThatThrownBy(() -> checkout(new RepositorySpec(url, "main", null,
                new KeyMaterial("ssh", "git", null, privateKey, null))))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Cannot clone " + url + ": fatal: Could not read from remote repository");

        assertThat(listener.text()).contains("Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(workDir).isEmptyDirectory(); // the agent's folder and socket are gone
    }

    @Test
    void auth_sshKey_givesGitAnAgentHoldingTheKeyAndBatchModeSsh() throws Exception {
        Path keys = Files.createDirectories(temp.resolve("keys"));
        Shell.run(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "id");
        String fingerprint = Shell.run(keys, "ssh-keygen", "-lf", "id.pub").split(" ")[1];
        var key = new KeyMaterial("ssh", "git", null, Files.readString(keys.resolve("id")), null);

        try (GitAuth auth = GitAuth.open(key, workDir, Shell.baseEnv(workDir))) {
            assertThat(auth.env()).containsEntry("GIT_TERMINAL_PROMPT", "0").containsEntry("GIT_SSH_COMMAND",
                    "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes");
            assertThat(Shell.run(workDir, Map.of("SSH_AUTH_SOCK", auth.env().get("SSH_AUTH_SOCK")), "ssh-add", "-l"))
                    .contains(fingerprint);
        }
    }
}
