package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.JobSpec.RepositorySpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.testing.LocalSshd;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.RecordingListener.Commit;
import io.semaphore.runtime.testing.Shell;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ansible-playbook against localhost (ansible_connection=local) from a repository cloned over ssh from a
 * local sshd, with the repository's key served by the job's ssh-agent.
 */
@Timeout(120)
class LocalJobRunnerAnsibleSshTest {
    private static final String PLAYBOOK = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: greet
                  debug:
                    msg: "Hello {{ who }} from a repository cloned over ssh"
            """;
    private static final String INVENTORY = "localhost ansible_connection=local "
            + "ansible_python_interpreter=\"{{ ansible_playbook_python }}\"\n";

    @TempDir
    Path temp;

    private LocalSshd sshd;
    private String hash;
    private Path bare;
    private String privateKey;

    @BeforeEach
    void setUp() throws Exception {
        Tools.requireAnsible();
        sshd = LocalSshd.start(temp.resolve("sshd"));
        TestRepo repo = TestRepo.create(temp.resolve("origin"));
        hash = repo.commit("site.yml", PLAYBOOK, "Playbook");
        bare = temp.resolve("origin.git");
        Shell.run(temp, "git", "clone", "-q", "--bare", repo.dir().toString(), bare.toString());
        Path keys = Files.createDirectories(temp.resolve("keys"));
        Shell.run(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy", "-f", "deploy");
        sshd.authorize(keys.resolve("deploy.pub"));
        privateKey = Files.readString(keys.resolve("deploy"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void ansible_repositoryOverSsh_clonesWithTheAgentAndRunsThePlaybook() throws Exception {
        var listener = new RecordingListener();
        String url = sshd.url(bare);
        var specs = new Specs("ansible", temp, url, "site.yml");
        specs.repository = new RepositorySpec(url, "main", null,
                new KeyMaterial("ssh", LocalSshd.user(), null, privateKey, null));
        specs.inventory = new InventorySpec("static", INVENTORY, KeyMaterial.NONE, KeyMaterial.NONE);
        specs.extraVars = "{\"who\":\"world\"}";

        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();

        String log = listener.text();
        assertThat(result).as(log + "\nsshd:\n" + sshd.log()).isEqualTo(JobResult.success());
        assertThat(listener.commits()).containsExactly(new Commit(hash, "Playbook"));
        assertThat(log).contains("Cloning into 'repository_1_1'", "Hello world from a repository cloned over ssh")
                .containsPattern("localhost\\s+: ok=1 ");
        assertThat(sshd.log()).contains("Accepted publickey for " + LocalSshd.user());
        assertThat(Shell.run(specs.repositoryDir, "git", "config", "--get", "remote.origin.url")).isEqualTo(url);
        String keyBody = privateKey.lines().toList().get(2);
        assertThat(Shell.filesContaining(specs.workDir, keyBody)).isEmpty();
        assertThat(Shell.filesContaining(specs.repositoryDir, keyBody)).isEmpty();
    }
}
