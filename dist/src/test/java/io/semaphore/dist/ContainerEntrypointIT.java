package io.semaphore.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.dist.PackagedDistributionIT.Packaged;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container image's run stage without a container engine: deploy/docker/entrypoint.sh (the image's entrypoint)
 * runs the unpacked distribution (the image's /opt/semaphore) with the environment variables of Semaphore UI's image
 * and compose files, its folders moved into a temp folder. The Dockerfile itself is checked by a linter by hand.
 */
class ContainerEntrypointIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path unpacked;
    static Path home;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws Exception {
        Packaged.run(List.of("tar", "-xzf", PackagedDistributionIT.TARBALL.toString(), "-C", unpacked.toString()),
                unpacked, Map.of(), 60);
        home = unpacked.resolve("semaphore-" + PackagedDistributionIT.VERSION);
    }

    /** The image's environment: Semaphore's variables and folders, moved under {@code dir}. */
    Map<String, String> imageEnv(int port) throws Exception {
        Map<String, String> env = Packaged.env(dir);
        env.put("SEMAPHORE_HOME", home.toString());
        env.put("SEMAPHORE_CONFIG_PATH", dir.resolve("etc/semaphore").toString());
        env.put("SEMAPHORE_DATA_DIR", dir.resolve("var/lib/semaphore").toString()); // an ENV of the Dockerfile
        env.put("SEMAPHORE_TMP_PATH", dir.resolve("tmp/semaphore").toString());
        env.put("SEMAPHORE_PORT", String.valueOf(port));
        env.put("SEMAPHORE_INTERFACE", "127.0.0.1");
        env.put("SEMAPHORE_NO_AOT", "1"); // the image makes its AOT cache at build time; not the point here
        // `semaphore` on the PATH, as the image links it into /usr/local/bin
        Path link = dir.resolve("fake-bin/semaphore");
        Files.createSymbolicLink(link, home.resolve("semaphore"));
        return env;
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void entrypoint_withSemaphoreImageVariables_startsTheServer_withTheAdmin_andKeepsSecretsAcrossRestarts(DbKind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir)) {
            int port = Packaged.freePort();
            Map<String, String> env = imageEnv(port);
            // like deploy/compose/store/*.yml of Semaphore: host and port apart, the password from a secret file
            if (kind != DbKind.SQLITE) {
                String[] hostPort = db.config().host().split(":");
                env.put("SEMAPHORE_DB_DIALECT", kind.dialect);
                env.put("SEMAPHORE_DB_HOST", hostPort[0]);
                env.put("SEMAPHORE_DB_PORT", hostPort[1]);
                env.put("SEMAPHORE_DB_USER", db.config().user());
                env.put("SEMAPHORE_DB_PASS", db.config().pass());
                env.put("SEMAPHORE_DB", db.config().name());
            }
            Path secret = dir.resolve("admin_password");
            Files.writeString(secret, "from-a-secret-file-1\n");
            env.put("SEMAPHORE_ADMIN", "boss");
            env.put("SEMAPHORE_ADMIN_PASSWORD_FILE", secret.toString());
            env.put("SEMAPHORE_ADMIN_NAME", "The Boss");
            env.put("SEMAPHORE_ADMIN_EMAIL", "boss@example.com");
            Path entrypoint = home.resolve("deploy/docker/entrypoint.sh");

            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            Path config = dir.resolve("etc/semaphore/config.json");
            String configAfterFirstStart;
            try (Packaged.Server server = Packaged.Server.start(List.of(entrypoint.toString()), dir, env,
                    dir.resolve("first.log"))) {
                server.awaitPing(port, Duration.ofSeconds(90));
                assertThat(Packaged.get(port, "/api/health/ready").statusCode()).isEqualTo(200);
                assertThat(send(browser, port, "POST", "/api/auth/login",
                        "{\"auth\":\"boss\",\"password\":\"from-a-secret-file-1\"}").statusCode()).isEqualTo(204);
                JsonNode me = JSON.readTree(send(browser, port, "GET", "/api/user", null).body());
                assertThat(me.get("username").asText()).isEqualTo("boss");
                assertThat(me.get("name").asText()).isEqualTo("The Boss");
                assertThat(me.get("email").asText()).isEqualTo("boss@example.com");
                assertThat(me.get("admin").asBoolean()).isTrue();
                assertThat(server.log()).contains("creating " + config);
                assertThat(server.stop(Duration.ofSeconds(60))).as(server.log()).isIn(0, 143);
            }
            // config.json on the config volume: only the owner reads it; it holds generated secrets, no password
            assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            configAfterFirstStart = Files.readString(config);
            JsonNode saved = JSON.readTree(configAfterFirstStart);
            assertThat(saved.get("access_key_encryption").asText()).isNotEmpty();
            assertThat(saved.get("cookie_hash").asText()).isNotEmpty();
            assertThat(configAfterFirstStart).doesNotContain("from-a-secret-file-1");
            assertThat(dir.resolve("tmp/semaphore")).isDirectory();
            if (kind == DbKind.SQLITE) {
                assertThat(dir.resolve("var/lib/semaphore/database.sqlite")).isRegularFile();
            }

            // `docker exec <container> semaphore user list`: no entrypoint, only the container's environment; it
            // finds the same config and database
            Packaged.Result users = Packaged.run(List.of(dir.resolve("fake-bin/semaphore").toString(), "user", "list"),
                    dir, env, 60);
            assertThat(users.code()).as(users.output()).isZero();
            assertThat(users.output()).contains("boss");

            // a new container on the same volumes: same secrets, so the browser's session is still valid
            try (Packaged.Server server = Packaged.Server.start(List.of(entrypoint.toString()), dir, env,
                    dir.resolve("second.log"))) {
                server.awaitPing(port, Duration.ofSeconds(90));
                assertThat(send(browser, port, "GET", "/api/user", null).statusCode()).isEqualTo(200);
                assertThat(server.log()).doesNotContain("creating " + config);
                server.stop(Duration.ofSeconds(60));
            }
            assertThat(Files.readString(config)).isEqualTo(configAfterFirstStart);
        }
    }

    @Test
    void entrypoint_givesUp_whenTheDatabaseServerDoesNotAccept_namingWhatToCheck() throws Exception {
        int closedPort = Packaged.freePort();
        Map<String, String> env = imageEnv(Packaged.freePort());
        env.put("SEMAPHORE_DB_DIALECT", "postgres");
        env.put("SEMAPHORE_DB_HOST", "127.0.0.1:" + closedPort);
        env.put("SEMAPHORE_DB", "semaphore");
        env.put("SEMAPHORE_DB_WAIT_SEC", "2");
        Packaged.Result r = Packaged.run(List.of(home.resolve("deploy/docker/entrypoint.sh").toString()), dir, env, 30);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.output()).contains("the postgres database at 127.0.0.1:" + closedPort
                + " did not accept connections within 2 s").contains("SEMAPHORE_DB_WAIT_SEC");
    }

    @Test
    void entrypoint_refusesAVariableAndItsFileVariantTogether() throws Exception {
        Map<String, String> env = imageEnv(Packaged.freePort());
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "x");
        env.put("SEMAPHORE_ADMIN_PASSWORD", "y");
        env.put("SEMAPHORE_ADMIN_PASSWORD_FILE", secret.toString());
        Packaged.Result r = Packaged.run(List.of(home.resolve("deploy/docker/entrypoint.sh").toString()), dir, env, 30);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.output()).contains("both SEMAPHORE_ADMIN_PASSWORD and SEMAPHORE_ADMIN_PASSWORD_FILE are set");
    }

    /** What the Dockerfile copies exists, and its HEALTHCHECK asks the readiness route. */
    @Test
    void dockerfile_copiesFilesThatExist_andChecksReadiness() throws Exception {
        Path root = Path.of(System.getProperty("semaphore.repo.root"));
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(\\S+) ").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            String src = copy.group(1);
            if (!src.equals(".")) {
                assertThat(root.resolve(src)).as("COPY " + src).exists();
            }
        }
        assertThat(copies).isGreaterThanOrEqualTo(3);
        assertThat(dockerfile).contains("/api/health/ready").contains("USER 1001")
                .contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/usr/local/bin/semaphore-entrypoint\"]")
                .contains("COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/semaphore-entrypoint");
    }

    private static HttpResponse<String> send(HttpClient c, int port, String method, String path, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
