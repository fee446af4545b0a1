package io.semaphore.runtime;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semaphore.runtime.testing.Shell;
import org.junit.jupiter.api.Assumptions;

/** Which external tools a test needs, and whether their absence skips or fails it. */
final class Tools {
    private Tools() {}

    /** ansible-core is a Debian package (scripts/test installs it): missing on CI is a failure, elsewhere a skip. */
    static void requireAnsible() {
        if (Shell.onPath("ansible-playbook")) {
            return;
        }
        String message = "ansible-playbook is not on PATH: install it with apt-get install -y ansible-core";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: not skipping)");
        }
        Assumptions.abort(message);
    }

    /** Terraform is not a Debian package (HashiCorp's licence keeps it out), so its absence skips, on CI too. */
    static void requireTerraform() {
        assumeTrue(Shell.onPath("terraform"), "terraform is not on PATH: these tests need HashiCorp's binary");
    }
}
