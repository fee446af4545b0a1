import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory benchmark: the server's resident memory under a sustained mixed load and after it, with the launcher's
 * default JVM flags and with the flags it had before it set a heap ceiling (the JVM's default ceiling, 1/4 of RAM).
 * Each configuration gets the same load on a fresh SQLite folder for BENCH_SECONDS:
 *   - a task printing BENCH_LINES lines of ~80 characters, again and again, each log read back whole (/output, /raw_output);
 *   - malformed and oversized requests to write routes (the kind a fuzzer sends);
 *   - list reads (projects, templates, tasks, events, keys);
 *   - BENCH_VIEWERS WebSocket viewers connected throughout.
 * It prints the peak RSS during the load, the RSS at its end, after BENCH_IDLE seconds idle and after a full
 * collection asked through jcmd, the work done, and the count of 5xx answers (should be 0). Run: bench/memory
 */
public class MemoryBench {
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    record Result(String name, long peakKb, long endKb, long idleKb, long gcKb, long tasks, long requests, long fuzz,
                  long errors5xx, long logBytesRead) {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "60"));
        int idle = Integer.parseInt(System.getenv().getOrDefault("BENCH_IDLE", "150"));
        int lines = Integer.parseInt(System.getenv().getOrDefault("BENCH_LINES", "200000"));
        int viewers = Integer.parseInt(System.getenv().getOrDefault("BENCH_VIEWERS", "20"));
        long ramMb = physicalMemoryMb();
        // The launcher before the ceiling: no -Xmx (the JVM takes 1/4 of RAM) and the JVM's default heap free ratios.
        String before = "-Xmx" + (ramMb / 4) + "m -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70";
        List<String[]> configs = List.of(
                new String[] {"launcher defaults", System.getenv().getOrDefault("SEMAPHORE_JAVA_OPTS", "")},
                new String[] {"before the ceiling (" + before + ")", before});
        List<Result> results = new ArrayList<>();
        for (String[] c : configs) {
            System.out.printf("%n== %s: %d s of load, %d s idle ==%n", c[0], seconds, idle);
            results.add(runOne(root, c[0], c[1], seconds, idle, lines, viewers));
        }
        System.out.printf("%n%-60s %10s %10s %10s %10s %7s %9s %7s %5s%n", "configuration", "peak RSS", "end RSS",
                "idle RSS", "after GC", "tasks", "requests", "fuzz", "5xx");
        for (Result r : results) {
            System.out.printf("%-60s %7d MB %7d MB %7d MB %7d MB %7d %9d %7d %5d%n", r.name(), r.peakKb() / 1024,
                    r.endKb() / 1024, r.idleKb() / 1024, r.gcKb() / 1024, r.tasks(), r.requests(), r.fuzz(),
                    r.errors5xx());
        }
    }

    static Result runOne(Path root, String name, String javaOpts, int seconds, int idle, int lines, int viewers)
            throws Exception {
        Path tmp = Files.createTempDirectory("semaphore-membench-");
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("chatty.sh"), "#!/bin/bash\nfor ((i = 1; i <= " + lines
                + "; i++)); do echo \"line $i of a chatty task, padded to look like real ansible output ........\"; done\n");
        run(repo, "git", "init", "-q", "-b", "main");
        run(repo, "git", "-c", "user.email=b@e", "-c", "user.name=b", "add", "-A");
        run(repo, "git", "-c", "user.email=b@e", "-c", "user.name=b", "commit", "-q", "-m", "bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Client client = new Client("http://127.0.0.1:" + port);
        ProcessBuilder pb = new ProcessBuilder(root.resolve("semaphore").toString(), "server")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile());
        pb.environment().put("SEMAPHORE_DATA_DIR", tmp.resolve("data").toString());
        pb.environment().put("SEMAPHORE_PORT", String.valueOf(port));
        pb.environment().put("SEMAPHORE_INTERFACE", "127.0.0.1");
        pb.environment().put("SEMAPHORE_ADMIN_PASSWORD", "bench-admin-pw");
        pb.environment().put("SEMAPHORE_TMP_PATH", tmp.resolve("work").toString());
        pb.environment().put("SEMAPHORE_JAVA_OPTS", javaOpts);
        Process server = pb.start();
        try {
            client.waitForPing();
            client.call("POST", "/api/auth/login", "{\"auth\":\"admin\",\"password\":\"bench-admin-pw\"}");
            int project = id(client.call("POST", "/api/projects", "{\"name\":\"bench\"}").body());
            String p = "/api/project/" + project;
            int key = id(client.call("GET", p + "/keys", null).body());
            client.call("POST", p + "/repositories", "{\"name\":\"r\",\"git_url\":\"" + repo
                    + "\",\"git_branch\":\"main\",\"ssh_key_id\":" + key + "}");
            int repoId = id(client.call("GET", p + "/repositories", null).body());
            int chatty = id(client.call("POST", p + "/templates", "{\"name\":\"chatty\",\"app\":\"bash\","
                    + "\"playbook\":\"chatty.sh\",\"repository_id\":" + repoId + "}").body());

            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                sockets.add(client.http.newWebSocketBuilder().header("Cookie", "semaphore=" + client.cookie)
                        .buildAsync(URI.create(client.base.replace("http", "ws") + "/api/ws"), new Drain())
                        .get(10, TimeUnit.SECONDS));
            }
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            AtomicLong tasks = new AtomicLong();
            AtomicLong requests = new AtomicLong();
            AtomicLong fuzz = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong logBytes = new AtomicLong();
            AtomicLong peak = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            load.add(Thread.ofPlatform().start(() -> loop(deadline, errors, () -> {
                long task = id(client.call("POST", p + "/tasks", "{\"template_id\":" + chatty + "}").body());
                while (System.currentTimeMillis() < deadline + 120_000) {
                    Matcher m = STATUS.matcher(client.call("GET", p + "/tasks/" + task, null).body());
                    if (m.find() && List.of("success", "error", "stopped").contains(m.group(1))) {
                        break;
                    }
                    Thread.sleep(200);
                }
                logBytes.addAndGet(client.call("GET", p + "/tasks/" + task + "/output", null).body().length());
                logBytes.addAndGet(client.call("GET", p + "/tasks/" + task + "/raw_output", null).body().length());
                tasks.incrementAndGet();
            })));
            Random random = new Random(42);
            String[] writeRoutes = {p + "/keys", p + "/templates", p + "/tasks", p + "/inventory", p + "/environment",
                    p + "/repositories", "/api/users", "/api/projects/restore", "/api/projects", p + "/views"};
            load.add(Thread.ofPlatform().start(() -> loop(deadline, errors, () -> {
                String route = writeRoutes[random.nextInt(writeRoutes.length)];
                String body = switch (random.nextInt(5)) {
                    case 0 -> "{\"name\":" + random.nextInt() + ",\"id\":1.5,\"x\":[" + "1,".repeat(1000) + "1]}";
                    case 1 -> "null";
                    case 2 -> "{\"name\":\"" + "x".repeat(1 + random.nextInt(2_000_000)) + "\"}";
                    case 3 -> "{\"unterminated\": [";
                    default -> "{\"name\":\"\\u0000\",\"project_id\":\"abc\",\"template_id\":-1}";
                };
                client.call("POST", route, body);
                fuzz.incrementAndGet();
            })));
            String[] reads = {"/api/projects", p + "/templates", p + "/tasks", "/api/events", p + "/keys",
                    p + "/inventory", "/api/user", p + "/tasks/last"};
            load.add(Thread.ofPlatform().start(() -> loop(deadline, errors, () -> {
                client.call("GET", reads[random.nextInt(reads.length)], null);
                requests.incrementAndGet();
            })));
            while (System.currentTimeMillis() < deadline) {
                peak.accumulateAndGet(rssKb(server.pid()), Math::max);
                Thread.sleep(500);
            }
            for (Thread t : load) {
                t.join(180_000);
            }
            long end = rssKb(server.pid());
            peak.accumulateAndGet(end, Math::max);
            for (WebSocket w : sockets) {
                w.abort();
            }
            System.out.printf("load done: peak %d MB, end %d MB; idling %d s%n", peak.get() / 1024, end / 1024, idle);
            Thread.sleep(idle * 1000L);
            long idleRss = rssKb(server.pid());
            // What a full collection gives back (jcmd of this JDK; the server JVM is the launcher's exec'd java).
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(2000);
            long gcRss = rssKb(server.pid());
            if (System.getenv("BENCH_HEAP_INFO") != null) { // where the memory is, for a person looking into it
                new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "GC.heap_info").inheritIO().start()
                        .waitFor(30, TimeUnit.SECONDS);
                new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "VM.native_memory", "summary")
                        .inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            }
            errors.addAndGet(client.errors5xx.get());
            if (!server.isAlive()) {
                throw new IllegalStateException(name + ": the server died; see " + tmp.resolve("server.log"));
            }
            return new Result(name, peak.get(), end, idleRss, gcRss, tasks.get(), requests.get(), fuzz.get(), errors.get(),
                    logBytes.get());
        } finally {
            server.destroy();
            server.waitFor(15, TimeUnit.SECONDS);
            if (System.getenv("BENCH_KEEP") == null) {
                run(tmp, "rm", "-rf", tmp.toString());
            } else {
                System.out.println("kept " + tmp);
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Repeats a step until the deadline; a failing step is counted and the loop goes on. */
    static void loop(long deadline, AtomicLong errors, Step step) {
        while (System.currentTimeMillis() < deadline) {
            try {
                step.run();
            } catch (Exception e) {
                errors.incrementAndGet();
                System.out.println("step failed: " + e);
            }
        }
    }

    /** Live messages are read and dropped, as a browser showing them would. */
    static final class Drain implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            w.request(1);
            return null;
        }
    }

    /** The JDK's HTTP client with the session cookie; counts 5xx answers. */
    static final class Client {
        final String base;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final AtomicLong errors5xx = new AtomicLong();
        volatile String cookie;

        Client(String base) {
            this.base = base;
        }

        record Answer(int status, String body) {}

        Answer call(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (cookie != null) {
                b.header("Cookie", "semaphore=" + cookie);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                errors5xx.incrementAndGet();
                System.out.println(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("semaphore=")).findFirst()
                    .ifPresent(c -> cookie = c.substring("semaphore=".length(), c.indexOf(';')));
            return new Answer(r.statusCode(), r.body());
        }

        void waitForPing() throws Exception {
            for (int i = 0; i < 600; i++) {
                try {
                    if (call("GET", "/api/ping", null).status() == 200) {
                        return;
                    }
                } catch (IOException ignored) {
                    // not up yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("server did not start");
        }
    }

    static int id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static long physicalMemoryMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return 4096;
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }
}
