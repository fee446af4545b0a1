package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.build.Version;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ApiDescription;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/openapi.json} and the {@code /api-docs} page, without signing in; no storage involved. */
class ApiDocsTest {
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
    void openapiJson_isTheDescriptionWithTheServersVersion() {
        ApiClient.Response r = server.anonymous().get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode json = r.json();
        assertThat(json.get("openapi").asText()).startsWith("3.0.");
        assertThat(json.at("/info/version").asText()).isEqualTo(Version.VERSION);
        JsonNode yaml = ApiDescription.load().root();
        assertThat(json.get("paths")).isEqualTo(yaml.get("paths"));
        assertThat(json.get("components")).isEqualTo(yaml.get("components"));
    }

    @Test
    void apiDocsPage_loadsOnlyItsOwnFiles() {
        ApiClient c = server.anonymous();
        ApiClient.Response page = c.get("/api-docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(c.get("/api-docs/").body()).isEqualTo(page.body());

        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int assets = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).as("the page refers only to this server").startsWith("/");
            if (ref.startsWith("/api-docs/")) {
                ApiClient.Response asset = c.get(ref);
                assertThat(asset.status()).as(ref).isEqualTo(200);
                assertThat(asset.header("Content-Type")).as(ref).startsWith(ref.endsWith(".js") ? "text/javascript" : "text/css");
                assertThat(asset.body()).as(ref + " loads nothing from elsewhere").doesNotContainPattern("https?://");
                assets++;
            }
        }
        assertThat(assets).as("the page's script and style sheet").isEqualTo(2);
        assertThat(c.get("/api-docs/api-docs.js").body()).contains("/api/openapi.json");
    }

    @Test
    void apiDocsFolder_servesNothingElse() {
        ApiClient.Response r = server.anonymous().get("/api-docs/index.html");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).contains("index.html");
    }
}
