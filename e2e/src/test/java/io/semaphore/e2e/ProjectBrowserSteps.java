package io.semaphore.e2e;

import io.semaphore.e2e.Browser.ExpectedHttpError;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;

/**
 * What the browser tests of one project share: a server (started by the subclass's {@code @BeforeAll}), its
 * administrator's API client, one browser opened on the first step, ordered steps that each say which earlier step
 * they build on ({@link #after}), and the console checked for errors after every step but those it expects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProjectBrowserSteps {
    TestServer server;
    Browser browser;
    ApiClient admin;
    int project;
    final List<ExpectedHttpError> expected = new ArrayList<>();
    /** The last step that passed; a step sets it at its end. */
    int done;

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            server.close();
        }
    }

    @AfterEach
    void noConsoleErrors() {
        if (browser != null) {
            browser.assertNoConsoleErrors(expected);
        }
        expected.clear();
    }

    String p() {
        return "/api/project/" + project;
    }

    /** The browser, once step {@code previous} passed (else this step is skipped, saying why). */
    Browser after(int previous) {
        Assumptions.assumeTrue(done >= previous, "skipped: step " + previous + ", which this one builds on, did not pass");
        if (browser == null) {
            browser = Browser.start(server.baseUrl());
        }
        return browser;
    }
}
