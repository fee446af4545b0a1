package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UI is served from the classpath (a stand-in index.html in test resources) without shadowing the API. */
class WebUiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(DbKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rootAndBrowserRoutes_serveIndexHtml() {
        ApiClient c = server.anonymous();
        for (String path : new String[] {"/", "/project/1/history", "/auth/login"}) {
            ApiClient.Response r = c.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body()).contains("Semaphore test UI");
            assertThat(r.header("Content-Type")).startsWith("text/html");
        }
    }

    @Test
    void hashedAssets_areCachedForAYear() {
        ApiClient.Response r = server.anonymous().get("/assets/app-abc123.js");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("immutable");
    }

    @Test
    void unknownApiPaths_stillAnswerJson404() {
        ApiClient.Response r = server.anonymous().get("/api/definitely/not/here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).contains("/api/definitely/not/here");
    }
}
