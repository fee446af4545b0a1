package io.semaphore.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} builds, used the way a person would: unpacked with tar into a temp folder, its
 * launcher run from there ({@code semaphore version}, then {@code semaphore server} on SQLite on a free port
 * until {@code /api/ping} answers), then stopped with SIGTERM.
 */
class PackagedDistributionIT {
    static final String VERSION = System.getProperty("semaphore.dist.version");
    static final Path TARBALL = Path.of(System.getProperty("semaphore.dist.tarball"));

    @TempDir
    static Path unpacked;
    static Path home;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(TARBALL).as("built by mvn package").exists();
        Packaged.run(List.of("tar", "-xzf", TARBALL.toString(), "-C", unpacked.toString()), unpacked, Map.of(), 60);
        home = unpacked.resolve("semaphore-" + VERSION);
    }

    @Test
    void tarball_holdsTheLauncherJarLibrariesUnitAndDocs() throws IOException {
        assertThat(Files.getPosixFilePermissions(home.resolve("semaphore"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(home.resolve("deploy/docker/entrypoint.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
        for (String f : List.of("scripts/lib/java.sh", "deploy/systemd/semaphore.service", "deploy/systemd/semaphore.env",
                "deploy/docker/docker-compose.yml", "README.md")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        assertThat(home.resolve("pom.xml")).doesNotExist();
        // every library the jar's manifest names is there, and nothing else
        try (JarFile jar = new JarFile(home.resolve("semaphore.jar").toFile());
             Stream<Path> libs = Files.list(home.resolve("lib"))) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            Set<String> named = Set.of(classPath.trim().split("\\s+"));
            assertThat(named).isNotEmpty().allSatisfy(p -> assertThat(home.resolve(p)).as(p).isRegularFile());
            assertThat(libs.map(p -> "lib/" + p.getFileName()).toList()).containsExactlyInAnyOrderElementsOf(named);
        }
    }

    @Test
    void version_printsThePomVersion() throws Exception {
        Map<String, String> env = Packaged.env(dir);
        env.put("SEMAPHORE_NO_AOT", "1"); // else a first run makes the start-up cache (and says so on stderr)
        Packaged.Result r = Packaged.run(List.of(home.resolve("semaphore").toString(), "version"), dir, env, 60);
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).matches(java.util.regex.Pattern.quote(VERSION)
                + " \\(commit ([0-9a-f]{12}|unknown), built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\\n");
    }

    /**
     * The packaged server starts from the unpacked folder, never tries to build (a stand-in mvn on the PATH records
     * any call) and writes nothing into the install: its start-up cache goes to SEMAPHORE_CACHE_DIR, made first by
     * {@code SEMAPHORE_PREPARE_ONLY=1} as the Dockerfile does.
     */
    @Test
    void packagedServer_startsOnSqlite_answersPing_andStopsOnSigterm() throws Exception {
        List<String> installBefore = Packaged.listing(home);
        int port = Packaged.freePort();
        Map<String, String> env = Packaged.env(dir);
        env.put("SEMAPHORE_DATA_DIR", dir.resolve("data").toString());
        env.put("SEMAPHORE_PORT", String.valueOf(port));
        env.put("SEMAPHORE_INTERFACE", "127.0.0.1");
        env.put("SEMAPHORE_ADMIN", "admin");
        env.put("SEMAPHORE_ADMIN_PASSWORD", "packaged-pw-1");

        // what the Dockerfile runs at build time: the start-up cache is made, nothing is started
        Packaged.Result prepared = Packaged.run(List.of(home.resolve("semaphore").toString(), "server"), dir,
                withPrepareOnly(env), 180);
        assertThat(prepared.code()).as(prepared.output()).isZero();
        assertThat(Packaged.tryConnect(port)).isFalse();
        assertThat(dir.resolve("cache/native")).as("sqlite library extracted once").isDirectory();
        if (Runtime.version().feature() >= 25) {
            assertThat(prepared.output()).contains("Creating the start-up cache");
            assertThat(dir.resolve("cache/semaphore.aot")).as("AOT cache in SEMAPHORE_CACHE_DIR").isRegularFile();
        }
        assertThat(dir.resolve("data")).as("the training run uses a throwaway folder").doesNotExist();

        try (Packaged.Server server = Packaged.Server.start(List.of(home.resolve("semaphore").toString(), "server"),
                dir, env, dir.resolve("server.log"))) {
            server.awaitPing(port, Duration.ofSeconds(90));
            assertThat(server.log()).as("the cache made before is used as it is").doesNotContain("Creating the start-up cache");
            HttpResponse<String> ready = Packaged.get(port, "/api/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(Packaged.post(port, "/api/auth/login", "{\"auth\":\"admin\",\"password\":\"packaged-pw-1\"}")
                    .statusCode()).isEqualTo(204);
            int code = server.stop(Duration.ofSeconds(60));
            assertThat(code).as(server.log()).isIn(0, 143);
            assertThat(server.log()).contains("Semaphore is ready");
        }
        assertThat(Packaged.tryConnect(port)).as("port closed after the stop").isFalse();
        assertThat(dir.resolve("mvn-called")).as("the packaged launcher must not build").doesNotExist();
        assertThat(dir.resolve("data/database.sqlite")).exists();
        assertThat(Packaged.listing(home)).as("nothing written into the install").isEqualTo(installBefore);
    }

    private static Map<String, String> withPrepareOnly(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("SEMAPHORE_PREPARE_ONLY", "1");
        return copy;
    }

    /** systemd's own check of the unit (Debian's systemd here; skipped where systemd-analyze is missing). */
    @Test
    void systemdUnit_passesSystemdAnalyzeVerify() throws Exception {
        String unit = Files.readString(home.resolve("deploy/systemd/semaphore.service"));
        assertThat(unit).contains("ExecStart=/opt/semaphore/semaphore server").contains("User=semaphore")
                .contains("WorkingDirectory=/var/lib/semaphore").contains("EnvironmentFile=-/etc/semaphore/semaphore.env")
                .contains("Restart=on-failure").contains("NoNewPrivileges=yes").contains("ProtectSystem=strict")
                .contains("ReadWritePaths=/var/lib/semaphore").contains("PrivateTmp=yes");
        org.junit.jupiter.api.Assumptions.assumeTrue(Packaged.onPath("systemd-analyze"), "systemd-analyze is not installed");
        // verify checks that ExecStart exists: point it at the unpacked launcher
        Path copy = dir.resolve("semaphore.service");
        Files.writeString(copy, unit.replace("/opt/semaphore/semaphore", home.resolve("semaphore").toString()));
        Packaged.Result r = Packaged.run(List.of("systemd-analyze", "verify", copy.toString()), dir, Map.of(), 60);
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).as("no warnings").isBlank();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Helpers shared with {@link ContainerEntrypointIT}. */
    static final class Packaged {
        private Packaged() {}

        record Result(int code, String output) {}

        /** The test JVM's environment, with JAVA_HOME its JDK and a stand-in mvn first on the PATH. */
        static Map<String, String> env(Path dir) throws IOException {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(k -> k.startsWith("SEMAPHORE_"));
            env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
            // the launcher's start-up cache: never into the install (running as root, it could write there)
            env.put("SEMAPHORE_CACHE_DIR", dir.resolve("cache").toString());
            Path bin = Files.createDirectories(dir.resolve("fake-bin"));
            Path mvn = bin.resolve("mvn");
            Files.writeString(mvn, "#!/bin/sh\ntouch '" + dir.resolve("mvn-called") + "'\nexit 1\n");
            mvn.toFile().setExecutable(true);
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            return env;
        }

        static Result run(List<String> cmd, Path workDir, Map<String, String> env, int timeoutSec) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
            if (!env.isEmpty()) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(timeoutSec, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
            return new Result(p.exitValue(), out);
        }

        static boolean onPath(String name) {
            for (String d : System.getenv("PATH").split(":")) {
                if (Files.isExecutable(Path.of(d, name))) {
                    return true;
                }
            }
            return false;
        }

        static List<String> listing(Path root) throws IOException {
            try (Stream<Path> files = Files.walk(root)) {
                return files.map(p -> root.relativize(p) + " " + p.toFile().length()).sorted().toList();
            }
        }

        static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        static boolean tryConnect(int port) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        static HttpResponse<String> get(int port, String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        static HttpResponse<String> post(int port, String path, String json) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A long-running command with its output in a file; closing it kills what is still running. */
        static final class Server implements AutoCloseable {
            private final Process process;
            private final Path log;

            private Server(Process process, Path log) {
                this.process = process;
                this.log = log;
            }

            static Server start(List<String> cmd, Path workDir, Map<String, String> env, Path log) throws IOException {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().clear();
                pb.environment().putAll(env);
                Process p = pb.start();
                p.getOutputStream().close();
                return new Server(p, log);
            }

            String log() {
                try {
                    return Files.readString(log);
                } catch (IOException e) {
                    return "(no log: " + e.getMessage() + ")";
                }
            }

            void awaitPing(int port, Duration limit) throws Exception {
                long deadline = System.nanoTime() + limit.toNanos();
                while (System.nanoTime() < deadline) {
                    assertThat(process.isAlive()).as("the server exited early:\n%s", log()).isTrue();
                    try {
                        HttpResponse<String> r = get(port, "/api/ping");
                        if (r.statusCode() == 200 && r.body().equals("pong")) {
                            return;
                        }
                    } catch (IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(250);
                }
                throw new AssertionError("no answer on /api/ping within " + limit.toSeconds() + " s:\n" + log());
            }

            /** SIGTERM, as systemd and docker stop send it; returns the exit code. */
            int stop(Duration limit) throws InterruptedException {
                process.destroy();
                assertThat(process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS))
                        .as("stopped within %s s after SIGTERM:\n%s", limit.toSeconds(), log()).isTrue();
                return process.exitValue();
            }

            @Override
            public void close() {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
