package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terraform/tofu app's steps against a stand-in CLI: terraform cannot be installed on the CI machine (no
 * Debian package, no download), so without this the app's command lines, its confirmation flow and its error
 * paths would run nowhere. The stand-in is a bash script (set as the app's path, as {@code apps.terraform.path}
 * does) that records each command line and behaves like terraform where the app looks: "No changes." when the
 * state matches, a saved plan that apply needs, exit 1 with "Error:" on failure. {@link LocalJobRunnerTerraformTest}
 * runs the same flow on the real binary where there is one.
 */
@Timeout(60)
class TerraformAppFakeCliTest {
    @TempDir
    Path temp;

    Path calls;
    Specs specs;

    @BeforeEach
    void fakeTerraform() throws Exception {
        calls = temp.resolve("calls.txt");
        Path state = temp.resolve("state.txt");
        Path failPlan = temp.resolve("fail-plan");
        Path fake = temp.resolve("bin/terraform");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, """
                #!/bin/bash
                echo "$*" >> '%s'
                case "$1" in
                  init) echo "Terraform has been successfully initialized!" ;;
                  workspace) echo "Switched to workspace \\"$4\\"." ;;
                  plan)
                    if [[ -e '%s' ]]; then echo "Error: Invalid reference" >&2; exit 1; fi
                    out=""; vars=""
                    for a in "$@"; do
                      case "$a" in -out=*) out="${a#-out=}" ;; -*) ;; *=*) vars="$vars $a" ;; esac
                    done
                    echo "planning with$vars"
                    if [[ -f '%s' && "$(cat '%s')" == "$vars" ]]; then echo "No changes. Your infrastructure matches the configuration."; exit 0; fi
                    echo "$vars" > "$out"
                    echo "Plan: 1 to add, 0 to change, 0 to destroy." ;;
                  apply)
                    [[ -f "$3" ]] || { echo "Error: no saved plan $3" >&2; exit 1; }
                    cp "$3" '%s'
                    echo "Apply complete! Resources: 1 added, 0 changed, 0 destroyed." ;;
                esac
                """.formatted(calls, failPlan, state, state, state));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        TestRepo repo = TestRepo.create(temp.resolve("origin"));
        repo.commit("infra/main.tf", "# read by the stand-in's caller only\n", "Infrastructure");
        specs = new Specs("terraform", temp, repo.url(), "infra");
        specs.appPath = fake.toString();
        specs.inventory = new InventorySpec("terraform-workspace", "staging", null, null);
        specs.extraVars = "{\"greeting\":\"hello\"}";
        specs.secretVars = Map.of("token", "tf-s3cret");
        specs.secrets = List.of("tf-s3cret");
    }

    @Test
    void planWaitsForConfirmation_thenAppliesTheSavedPlan_withTheVariables() throws Exception {
        var listener = new RecordingListener(true);
        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();

        assertThat(result).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(listener.confirmationsAsked).hasValue(1);
        Path plan = specs.workDir.resolve("tfplan");
        assertThat(Files.readAllLines(calls)).containsExactly(
                "init -input=false",
                "workspace select -or-create=true staging",
                "plan -input=false -out=" + plan + " -var greeting=hello",
                "apply -input=false " + plan);
        assertThat(listener.text()).contains("Plan: 1 to add", "Apply complete!", "planning with greeting=hello")
                .doesNotContain("tf-s3cret"); // the secret variable's value is masked in the log
        assertThat(plan).as("the saved plan holds variable values").doesNotExist();
    }

    @Test
    void noChanges_endsWithSuccess_withoutAskingOrApplying() throws Exception {
        specs.autoApprove = true;
        assertThat(new LocalJobRunner().start(specs.build(), new RecordingListener(false)).await()).isEqualTo(JobResult.success());
        Files.delete(calls);

        var listener = new RecordingListener(true);
        JobResult result = new LocalJobRunner().start(specs.nextTask(temp).build(), listener).await();

        assertThat(result).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(listener.confirmationsAsked).hasValue(0);
        assertThat(listener.text()).contains("No changes.");
        assertThat(Files.readAllLines(calls)).noneMatch(c -> c.startsWith("apply"));
    }

    @Test
    void aRejectedPlan_isStopped_andNotApplied() throws Exception {
        var listener = new RecordingListener(false);
        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();

        assertThat(result).isEqualTo(JobResult.stopped());
        assertThat(listener.confirmationsAsked).hasValue(1);
        assertThat(Files.readAllLines(calls)).noneMatch(c -> c.startsWith("apply"));
        assertThat(specs.workDir.resolve("tfplan")).doesNotExist();
    }

    @Test
    void autoApprove_appliesWithoutAsking() throws Exception {
        specs.autoApprove = true;
        var listener = new RecordingListener(false);
        assertThat(new LocalJobRunner().start(specs.build(), listener).await()).as(listener.text()).isEqualTo(JobResult.success());
        assertThat(listener.confirmationsAsked).hasValue(0);
        assertThat(Files.readAllLines(calls)).anyMatch(c -> c.startsWith("apply"));
    }

    @Test
    void aFailingPlan_isAnError_namingTheStep_andNothingIsApplied() throws Exception {
        Files.writeString(temp.resolve("fail-plan"), "");
        var listener = new RecordingListener(true);
        JobResult result = new LocalJobRunner().start(specs.build(), listener).await();

        assertThat(result.outcome()).isEqualTo(JobResult.Outcome.ERROR);
        assertThat(result.reason()).contains("terraform plan");
        assertThat(listener.text()).contains("Error: Invalid reference");
        assertThat(listener.confirmationsAsked).hasValue(0);
        assertThat(Files.readAllLines(calls)).noneMatch(c -> c.startsWith("apply"));
    }
}
