package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.JobSpec.VaultSpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.Shell;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real ansible-playbook against localhost (ansible_connection=local). */
@Timeout(120)
class LocalJobRunnerAnsibleTest {
    private static final String PLAYBOOK = """
            - hosts: all
              gather_facts: false
              vars_files:
                - vars/secret.yml
              tasks:
                - name: greet
                  debug:
                    msg: "Hello {{ who }} token={{ token }} vaulted={{ secret_word }}"
                - name: become password
                  debug:
                    msg: "become={{ ansible_become_password }}"
                - name: touch the marker
                  command: touch {{ marker }}
                - name: fail on request
                  fail:
                    msg: failing as asked
                  when: fail_now | default(false) | bool
            """;
    private static final String INVENTORY = "localhost ansible_connection=local "
            + "ansible_python_interpreter=\"{{ ansible_playbook_python }}\"\n";

    @TempDir
    Path temp;

    private TestRepo repo;
    private Path marker;

    @BeforeEach
    void setUp() throws Exception {
        Tools.requireAnsible();
        repo = TestRepo.create(temp.resolve("origin"));
        Path passwordFile = Files.writeString(temp.resolve("vault-password"), "vault-pw\n");
        Files.createDirectories(repo.dir().resolve("vars"));
        Shell.run(repo.dir(), Map.of("HOME", temp.toString()), "ansible-vault", "encrypt_string",
                "--vault-id", "dev@" + passwordFile, "--name", "secret_word", "--output", "vars/secret.yml",
                "the-vaulted-word");
        repo.commit("site.yml", PLAYBOOK, "Playbook");
        marker = temp.resolve("marker");
    }

    private Specs specs(boolean dryRun, boolean fail) {
        var specs = new Specs("ansible", temp, repo.url(), "site.yml");
        specs.inventory = new InventorySpec("static", INVENTORY, KeyMaterial.NONE,
                new KeyMaterial("login_password", "root", "b3come-pw", null, null));
        specs.extraVars = "{\"who\":\"world\",\"marker\":\"" + marker + "\",\"fail_now\":" + fail + "}";
        specs.secretVars = Map.of("token", "t0ken-value");
        specs.secrets = List.of("t0ken-value");
        specs.vaults = List.of(new VaultSpec("dev", "vault-pw", null));
        specs.dryRun = dryRun;
        return specs;
    }

    @Test
    void ansible_checkMode_runsThePlaybookWithVarsVaultAndMaskedPasswords() throws Exception {
        var listener = new RecordingListener();
        Specs specs = specs(true, false);

        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();

        String log = listener.text();
        assertThat(result).as(log).isEqualTo(JobResult.success());
        assertThat(log).contains("Hello world token=******** vaulted=the-vaulted-word", "become=********")
                .doesNotContain("t0ken-value", "b3come-pw", "vault-pw");
        assertThat(marker).doesNotExist(); // --check skipped the command
        assertThat(listener.running).hasValue(1);
        assertThat(specs.workDir.resolve("inventory_1.ini")).doesNotExist();
        assertThat(Shell.filesContaining(specs.workDir, "b3come-pw")).isEmpty();
        assertThat(Shell.filesContaining(specs.workDir, "vault-pw")).isEmpty();
    }

    @Test
    void ansible_failingPlaybook_isAnErrorWithItsExitCode() throws Exception {
        var listener = new RecordingListener();

        JobResult result = new LocalJobRunner().start(specs(false, true).build(), listener).await();

        assertThat(result).as(listener.text()).isEqualTo(JobResult.error("ansible-playbook exited with code 2"));
        assertThat(listener.text()).contains("failing as asked");
        assertThat(marker).exists(); // not in check mode
    }

    @Test
    void ansible_rolesRequirements_areInstalledByGalaxy_fromAGitRepository() throws Exception {
        // a role in its own git repository, required by roles/requirements.yml: ansible-galaxy clones it (no network)
        TestRepo role = TestRepo.create(temp.resolve("role-greeter"));
        role.commit("meta/main.yml", """
                galaxy_info:
                  author: test
                  description: greets
                  license: MIT
                  min_ansible_version: "2.9"
                  platforms: []
                dependencies: []
                """, "Role metadata");
        role.commit("tasks/main.yml", """
                - name: greet from the role
                  debug:
                    msg: "role says {{ who }}"
                """, "Role tasks");
        repo.commit("roles/requirements.yml", "- src: git+" + role.url() + "\n  name: greeter\n  version: main\n",
                "Requirements");
        repo.commit("with-role.yml", "- hosts: all\n  gather_facts: false\n  roles:\n    - greeter\n", "Uses the role");
        var specs = new Specs("ansible", temp, repo.url(), "with-role.yml");
        specs.inventory = new InventorySpec("static", INVENTORY, KeyMaterial.NONE, KeyMaterial.NONE);
        specs.extraVars = "{\"who\":\"galaxy\"}";
        var listener = new RecordingListener();

        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();

        assertThat(result).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(listener.text()).contains("greeter", "role says galaxy");
    }
}
