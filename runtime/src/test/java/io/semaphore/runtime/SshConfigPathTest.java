package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.JobSpec.RepositorySpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.testing.LocalSshd;
import io.semaphore.runtime.testing.RecordingListener;
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
 * The server's ssh_config_path reaches every ssh a job starts: a real ssh config file (in a folder with a space and a
 * quote in its name) defines a Host alias for a local sshd, and only with it can git clone {@code ssh://alias/...}
 * and ansible-playbook reach the inventory host named by the alias.
 */
@Timeout(180)
class SshConfigPathTest {
    private static final String ALIAS = "semaphore-ssh-config-alias";
    private static final String PLAYBOOK = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: over ssh
                  command: whoami
                  register: who
                - name: tell
                  debug:
                    msg: "reached over ssh as {{ who.stdout }}"
            """;

    @TempDir
    Path temp;

    private LocalSshd sshd;
    private TestRepo origin;
    private Path bare;
    private String privateKey;
    private Path sshConfig;

    @BeforeEach
    void setUp() throws Exception {
        sshd = LocalSshd.start(temp.resolve("sshd"));
        origin = TestRepo.create(temp.resolve("origin"));
        origin.commit("site.yml", PLAYBOOK, "Playbook");
        bare = temp.resolve("origin.git");
        Shell.run(temp, "git", "clone", "-q", "--bare", origin.dir().toString(), bare.toString());
        Path keys = Files.createDirectories(temp.resolve("keys"));
        Shell.run(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy", "-f", "deploy");
        sshd.authorize(keys.resolve("deploy.pub"));
        privateKey = Files.readString(keys.resolve("deploy"));
        Path folder = Files.createDirectories(temp.resolve("admin's ssh"));
        sshConfig = Files.writeString(folder.resolve("config"), """
                Host %s
                    HostName 127.0.0.1
                    Port %d
                    User %s
                """.formatted(ALIAS, sshd.port(), LocalSshd.user()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** A job cloning the bare repository over ssh from the alias. */
    private Specs overSsh() {
        String url = "ssh://" + ALIAS + bare.toAbsolutePath();
        var specs = new Specs("bash", temp, url, "missing.sh");
        specs.repository = new RepositorySpec(url, "main", null,
                new KeyMaterial("ssh", LocalSshd.user(), null, privateKey, null));
        return specs;
    }

    /** An ansible job on the local working repository (used in place), so that only ansible's ssh is at stake. */
    private Specs ansible(String inventory, KeyMaterial login) {
        var specs = new Specs("ansible", temp, origin.dir().toAbsolutePath().toString(), "site.yml");
        specs.inventory = new InventorySpec("static", inventory, login, KeyMaterial.NONE);
        return specs;
    }

    @Test
    void gitOverSsh_reachesAHostAliasOnlyThroughTheConfiguredFile() throws Exception {
        var without = new RecordingListener();
        Specs plain = overSsh();
        JobResult refused = new LocalJobRunner().start(plain.build(), without).await();
        assertThat(refused.outcome()).as(without.text()).isEqualTo(JobResult.Outcome.ERROR);
        assertThat(without.text()).contains(ALIAS);

        var with = new RecordingListener();
        Specs configured = overSsh().nextTask(temp); // the clone is tested; the missing script ends the job after it
        configured.sshConfigPath = sshConfig.toString();
        new LocalJobRunner().start(configured.build(), with).await();
        assertThat(with.text()).as(with.text() + "\nsshd:\n" + sshd.log()).contains("Cloning into 'repository_1_1'");
        assertThat(Files.isRegularFile(configured.repositoryDir.resolve("site.yml"))).as(with.text()).isTrue();
        assertThat(sshd.log()).contains("Accepted publickey for " + LocalSshd.user());
    }

    @Test
    void ansible_connectsToTheInventoryHostThroughTheConfiguredFile() throws Exception {
        Tools.requireAnsible();
        String inventory = ALIAS + " ansible_python_interpreter=\"{{ ansible_playbook_python }}\"\n";
        KeyMaterial login = new KeyMaterial("ssh", LocalSshd.user(), null, privateKey, null);

        var listener = new RecordingListener();
        Specs specs = ansible(inventory, login);
        specs.sshConfigPath = sshConfig.toString();
        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();
        String log = listener.text();
        assertThat(result).as(log + "\nsshd:\n" + sshd.log()).isEqualTo(JobResult.success());
        assertThat(log).contains("reached over ssh as " + LocalSshd.user()).containsPattern(ALIAS + "\\s+: ok=2 ");

        var unreachable = new RecordingListener();
        Specs plain = ansible(inventory, login).nextTask(temp);
        JobResult failed = new LocalJobRunner().start(plain.build(), unreachable).await();
        assertThat(failed.outcome()).as(unreachable.text()).isEqualTo(JobResult.Outcome.ERROR);
        assertThat(unreachable.text()).containsIgnoringCase("unreachable");
    }
}
