package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.job.JobResult;
import io.semaphore.runtime.job.JobRunner;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.testing.RecordingListener;
import io.semaphore.runtime.testing.Specs;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real terraform with the built-in terraform_data resource: no provider is downloaded. */
@Timeout(180)
class LocalJobRunnerTerraformTest {
    private static final String MAIN_TF = """
            variable "greeting" {
              type = string
            }
            variable "token" {
              type      = string
              sensitive = true
            }
            resource "terraform_data" "hello" {
              input = "${var.greeting} (${length(var.token)})"
            }
            output "greeting" {
              value = terraform_data.hello.output
            }
            """;

    @TempDir
    Path temp;

    @Test
    void terraform_planConfirmApply_thenNoChanges_thenRejectAndAutoApprove() throws Exception {
        Tools.requireTerraform();
        TestRepo repo = TestRepo.create(temp.resolve("origin"));
        repo.commit("infra/main.tf", MAIN_TF, "Infrastructure");
        var specs = new Specs("terraform", temp, repo.url(), "infra");
        specs.inventory = new InventorySpec("terraform-workspace", "staging", null, null);
        specs.extraVars = "{\"greeting\":\"hello\"}";
        specs.secretVars = Map.of("token", "tf-s3cret");
        specs.secrets = List.of("tf-s3cret");
        var runner = new LocalJobRunner();

        var first = new RecordingListener(true);
        JobResult applied = runner.start(specs.build(), first).await();
        assertThat(applied).as(first.text()).isEqualTo(JobResult.success());
        assertThat(first.confirmationsAsked).hasValue(1);
        assertThat(first.text()).contains("Apply complete!").doesNotContain("tf-s3cret");
        assertThat(specs.repositoryDir.resolve("infra/terraform.tfstate.d/staging/terraform.tfstate")).exists();
        assertThat(specs.workDir.resolve("tfplan")).doesNotExist();

        var second = new RecordingListener(true);
        JobResult unchanged = runner.start(specs.nextTask(temp).build(), second).await();
        assertThat(unchanged).as(second.text()).isEqualTo(JobResult.success());
        assertThat(second.text()).contains("No changes.");
        assertThat(second.confirmationsAsked).hasValue(0);

        specs.nextTask(temp).extraVars = "{\"greeting\":\"bonjour\"}";
        var rejected = new RecordingListener(false);
        assertThat(runner.start(specs.build(), rejected).await()).as(rejected.text()).isEqualTo(JobResult.stopped());
        assertThat(rejected.confirmationsAsked).hasValue(1);
        assertThat(rejected.text()).doesNotContain("Apply complete!");

        specs.nextTask(temp).autoApprove = true;
        var approved = new RecordingListener(false);
        assertThat(runner.start(specs.build(), approved).await()).as(approved.text()).isEqualTo(JobResult.success());
        assertThat(approved.confirmationsAsked).hasValue(0);
        assertThat(approved.text()).contains("Apply complete!", "bonjour");
    }

    @Test
    void terraform_stopWhileWaitingForConfirmation_isStopped() throws Exception {
        Tools.requireTerraform();
        TestRepo repo = TestRepo.create(temp.resolve("origin"));
        repo.commit("main.tf", "resource \"terraform_data\" \"x\" {\n  input = \"x\"\n}\n", "Infrastructure");
        var specs = new Specs("terraform", temp, repo.url(), "");
        var waiting = new CountDownLatch(1);
        var listener = new RecordingListener() {
            @Override
            public boolean awaitConfirmation() throws InterruptedException {
                waiting.countDown();
                Thread.sleep(Long.MAX_VALUE); // a person who never answers
                return true;
            }
        };

        JobRunner.RunningJob job = new LocalJobRunner().start(specs.build(), listener);
        assertThat(waiting.await(60, TimeUnit.SECONDS)).as(listener.text()).isTrue();
        job.stop(false);

        assertThat(job.await()).isEqualTo(JobResult.stopped());
        assertThat(listener.text()).doesNotContain("Apply complete!");
    }
}
