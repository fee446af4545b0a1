import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine benchmark (issue: task engine). Starts the real server through ./semaphore on a throwaway SQLite
 * folder and prints three figures:
 *   (a) a task printing 1,000,000 lines: wall time through the server / the same script writing to a file (target <= 1.5),
 *       and that every line was stored, in order;
 *   (b) 500 one-line bash tasks queued at once with max_parallel_tasks=10: total time / the same with xargs -P10 (target <= 2.0);
 *   (c) 200 WebSocket viewers of one task printing 1,000,000 lines: the task's time / the bare command's, how many
 *       viewers got every line in order (live, plus the skipped lines read from /output as the page does), and the
 *       delay from a line's write to its arrival (p50, p99);
 *   (d) 200 one-line tasks through one remote runner (semaphore runner start): time and lines stored.
 * Run: bench/engine  (JDK only; uses the JSON API like any client).
 */
public class EngineBench {
    static HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    static String base;
    static String cookie;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int lines = Integer.parseInt(System.getenv().getOrDefault("BENCH_LINES", "1000000"));
        int tasks = Integer.parseInt(System.getenv().getOrDefault("BENCH_TASKS", "500"));
        int viewers = Integer.parseInt(System.getenv().getOrDefault("BENCH_VIEWERS", "200"));
        int viewerLines = Integer.parseInt(System.getenv().getOrDefault("BENCH_VIEWER_LINES", "1000000"));
        Path tmp = Files.createTempDirectory("semaphore-bench-");
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("million.sh"), "#!/bin/bash\nfor ((i = 1; i <= " + lines + "; i++)); do echo \"$i\"; done\n");
        Files.writeString(repo.resolve("one.sh"), "#!/bin/bash\necho one line\n");
        Files.writeString(repo.resolve("forever.sh"), "#!/bin/bash\necho started\nwhile true; do sleep 0.1; done\n");
        Files.writeString(repo.resolve("viewers.sh"), "#!/bin/bash\nfor ((i = 1; i <= " + viewerLines + "; i++)); do echo \"v $i\"; done\n");
        run(repo, "git", "init", "-q", "-b", "main");
        run(repo, "git", "-c", "user.email=b@e", "-c", "user.name=b", "add", "-A");
        run(repo, "git", "-c", "user.email=b@e", "-c", "user.name=b", "commit", "-q", "-m", "bench");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder(root.resolve("semaphore").toString(), "server")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile());
        pb.environment().put("SEMAPHORE_DATA_DIR", tmp.resolve("data").toString());
        pb.environment().put("SEMAPHORE_PORT", String.valueOf(port));
        pb.environment().put("SEMAPHORE_INTERFACE", "127.0.0.1");
        pb.environment().put("SEMAPHORE_ADMIN_PASSWORD", "bench-admin-pw");
        pb.environment().put("SEMAPHORE_MAX_PARALLEL_TASKS", "10");
        pb.environment().put("SEMAPHORE_TMP_PATH", tmp.resolve("work").toString());
        Process server = pb.start();
        try {
            waitForPing();
            post("/api/auth/login", "{\"auth\":\"admin\",\"password\":\"bench-admin-pw\"}");
            int project = id(post("/api/projects", "{\"name\":\"bench\"}"));
            String p = "/api/project/" + project;
            int key = id(get(p + "/keys"));
            post(p + "/repositories", "{\"name\":\"r\",\"git_url\":\"" + repo + "\",\"git_branch\":\"main\",\"ssh_key_id\":" + key + "}");
            int repoId = id(get(p + "/repositories"));
            int million = id(post(p + "/templates", "{\"name\":\"million\",\"app\":\"bash\",\"playbook\":\"million.sh\",\"repository_id\":" + repoId + "}"));
            int one = id(post(p + "/templates", "{\"name\":\"one\",\"app\":\"bash\",\"playbook\":\"one.sh\",\"allow_parallel_tasks\":true,\"repository_id\":" + repoId + "}"));
            int view = id(post(p + "/templates", "{\"name\":\"viewers\",\"app\":\"bash\",\"playbook\":\"viewers.sh\",\"repository_id\":" + repoId + "}"));

            String only = System.getenv().getOrDefault("BENCH_ONLY", "abcd"); // e.g. BENCH_ONLY=c: only the viewers
            long t0;
            if (only.contains("a")) {
            // (a) a million lines
            t0 = System.nanoTime();
            run(repo, "bash", "-c", "bash million.sh > " + tmp.resolve("million.out"));
            double baseline = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            long task = id(post(p + "/tasks", "{\"template_id\":" + million + "}"));
            String status = awaitFinished(p, task, 600);
            double through = (System.nanoTime() - t0) / 1e9;
            String raw = get(p + "/tasks/" + task + "/raw_output");
            long inOrder = 0;
            long expect = 1;
            for (String line : raw.split("\n")) {
                if (line.equals(String.valueOf(expect))) {
                    expect++;
                    inOrder++;
                }
            }
            System.out.printf("(a) %,d lines: server %.2f s, file %.2f s, ratio %.2f (target <= 1.5); status %s; %,d of %,d lines stored in order%n",
                    lines, through, baseline, through / Math.max(baseline, 0.001), status, inOrder, lines);
            // Reading it back: the whole log as JSON (what Semaphore's UI asks for) and as text, with the server's RSS.
            long rss0 = rssKb(server.pid());
            t0 = System.nanoTime();
            long jsonBytes = Lean.CONN.get().send("GET", p + "/tasks/" + task + "/output", null).length();
            double jsonSeconds = (System.nanoTime() - t0) / 1e9;
            long rss1 = rssKb(server.pid());
            t0 = System.nanoTime();
            long rawBytes = get(p + "/tasks/" + task + "/raw_output").length();
            double rawSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("    reading it back: /output %.2f s (%,d characters of JSON), /raw_output %.2f s (%,d characters);"
                    + " server RSS %,d MB before, %,d MB after%n", jsonSeconds, jsonBytes, rawSeconds, rawBytes,
                    rss0 / 1024, rss1 / 1024);

            }
            if (only.contains("b")) {
            // (b) many small tasks; BENCH_ROUNDS > 1 repeats it (the first round also warms the server's code up)
            int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "1"));
            for (int round = 1; round <= rounds; round++) {
                t0 = System.nanoTime();
                run(repo, "bash", "-c", "seq " + tasks + " | xargs -P10 -I{} bash one.sh > /dev/null");
                double xargs = (System.nanoTime() - t0) / 1e9;
                long[] self0 = cpu(ProcessHandle.current().pid());
                double jvm = spawnFromJvm(repo, tasks);
                long[] self1 = cpu(ProcessHandle.current().pid());
                long[] cpu0 = cpu(server.pid());
                long client0 = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
                t0 = System.nanoTime();
                // queued at once: eight clients post concurrently, as a burst of webhooks or API calls would
                List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
                try (var posters = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                    for (int i = 0; i < tasks; i++) {
                        posters.submit(() -> {
                            ids.add((long) id(post(p + "/tasks", "{\"template_id\":" + one + "}")));
                            return null;
                        });
                    }
                }
                double queued = (System.nanoTime() - t0) / 1e9;
                if (ids.size() != tasks) {
                    throw new IllegalStateException("only " + ids.size() + " of " + tasks + " tasks were queued");
                }
                int ok = 0;
                for (long id : ids) {
                    if (awaitFinished(p, id, 600).equals("success")) {
                        ok++;
                    }
                }
                double many = (System.nanoTime() - t0) / 1e9;
                System.out.printf("(b) round %d: %d one-line tasks, max_parallel_tasks=10: server %.2f s (all queued after %.2f s), xargs -P10 %.2f s, ratio %.2f (target <= 2.0); %d succeeded%n",
                        round, tasks, many, queued, xargs, many / Math.max(xargs, 0.001), ok);
                long[] cpu1 = cpu(server.pid());
                long client1 = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
                System.out.printf("    CPU per task: server JVM %.2f ms, its processes %.2f ms, this client %.2f ms;"
                                + " a JVM only starting the same %d processes, 10 at a time: %.2f s (ratio %.2f), their CPU %.2f ms each%n",
                        (cpu1[0] - cpu0[0]) * 10.0 / tasks, (cpu1[1] - cpu0[1]) * 10.0 / tasks, (client1 - client0) * 1.0 / tasks,
                        tasks, jvm, jvm / Math.max(xargs, 0.001), (self1[1] - self0[1]) * 10.0 / tasks);
            }

            }
            if (only.contains("c")) {
            // (c) many live viewers of one chatty task
            List<Viewer> vs = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                Viewer v = new Viewer();
                v.ws = http.newWebSocketBuilder().header("Cookie", "semaphore=" + cookie)
                        .buildAsync(URI.create(base.replace("http", "ws") + "/api/ws"), v).get(10, TimeUnit.SECONDS);
                // as our browser asks: lines in batches (here of every task; the task's id is not known yet)
                v.ws.sendText("{\"type\":\"logs\",\"batch\":true}", true).get(10, TimeUnit.SECONDS);
                vs.add(v);
            }
            Thread.sleep(500);
            t0 = System.nanoTime();
            run(repo, "bash", "-c", "bash viewers.sh > " + tmp.resolve("viewers.out"));
            double bare = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            long vtask = id(post(p + "/tasks", "{\"template_id\":" + view + "}"));
            String vstatus = awaitFinished(p, vtask, 3600);
            double withViewers = (System.nanoTime() - t0) / 1e9;
            // the stored log: the script's lines after a few of the engine's
            String tail = get(p + "/tasks/" + vtask + "/output?offset=" + (viewerLines - 1) + "&limit=100000");
            long total = viewerLines - 1 + count(tail, "\"output\":");
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && vs.stream().anyMatch(v -> v.of(vtask).last < total)) {
                Thread.sleep(100);
            }
            System.out.printf("(c) %d WebSocket viewers of one task printing %,d lines (%,d stored): task %.2f s, bare command %.2f s to a file, ratio %.2f (target <= 1.5); status %s%n",
                    viewers, viewerLines, total, withViewers, bare, withViewers / Math.max(bare, 0.001), vstatus);
            long liveLines = 0;
            long gaps = 0;
            long outOfOrder = 0;
            long closed = 0;
            long gotEnd = 0;
            List<long[]> delays = new ArrayList<>(); // {delay ms, lines}
            for (Viewer v : vs) {
                Viewer.Seen seen = v.of(vtask);
                liveLines += seen.live;
                gaps += seen.gaps.size();
                outOfOrder += seen.broken ? 1 : 0;
                closed += v.closedWith != 0 ? 1 : 0;
                gotEnd += seen.last == total && seen.ended ? 1 : 0;
                for (int i = 0; i < seen.delayCount; i++) {
                    delays.add(new long[] {seen.delays[2 * i], seen.delays[2 * i + 1]});
                }
            }
            System.out.printf("    live: %,d of %,d lines (%.1f%%) arrived on the sockets, %,d skips; %d viewers closed, %d got lines out of order,"
                    + " %d got the last line and the end%n", liveLines, total * viewers, 100.0 * liveLines / Math.max(1, total * viewers),
                    gaps, closed, outOfOrder, gotEnd);
            System.out.printf("    delay from a line's write to its arrival (lines that arrived live): p50 %d ms, p99 %d ms, max %d ms%n",
                    percentile(delays, 0.50), percentile(delays, 0.99), percentile(delays, 1.0));
            // The skipped lines are where a page reads them when its user scrolls there: the stored log. It is read
            // once here (not once per viewer) and every viewer's skips are checked against it.
            t0 = System.nanoTime();
            long[] stored = new long[(int) total + 1]; // line number -> K of its "v K", or -1 for the engine's lines
            long n = 0;
            for (long from = 0; from < total; from += 100_000) {
                String page = Lean.CONN.get().send("GET", p + "/tasks/" + vtask + "/output?offset=" + from + "&limit=100000", null);
                for (int at = page.indexOf("\"output\":\""); at >= 0; at = page.indexOf("\"output\":\"", at)) {
                    at += 10;
                    n++;
                    stored[(int) Math.min(n, total)] = page.startsWith("v ", at) ? Long.parseLong(page, at + 2, page.indexOf('"', at), 10) : -1;
                }
            }
            long complete = 0;
            for (Viewer v : vs) {
                complete += n == total && v.of(vtask).completeWith(stored, total) ? 1 : 0;
            }
            System.out.printf("    every line in order (live, the skipped ones in the stored log, read once in %.1f s): %d of %d viewers%n",
                    (System.nanoTime() - t0) / 1e9, complete, viewers);
            for (Viewer v : vs) {
                v.ws.abort();
            }
            }
        } finally {
            server.destroy();
            server.waitFor(15, TimeUnit.SECONDS);
            if (System.getenv().getOrDefault("BENCH_ONLY", "abcd").contains("d")) {
                // (d) its own server (use_remote_runner is server-wide), on a thread of its own (fresh connections)
                int runnerTasks = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNNER_TASKS", "200"));
                Thread d = new Thread(() -> {
                    try {
                        runnerCase(root, repo, tmp, runnerTasks);
                    } catch (Exception e) {
                        System.out.println("(d) failed: " + e);
                    }
                });
                d.start();
                d.join();
            }
            if (System.getenv("BENCH_KEEP") == null) { // BENCH_KEEP=1 keeps the folder (database, server.log) to look at
                run(tmp, "rm", "-rf", tmp.toString());
            } else {
                System.out.println("kept " + tmp);
            }
        }
    }

    /**
     * A viewer that asked for batches: per task, checks that line numbers rise and each script line "v K" keeps the
     * same distance to its number, notes the skips and the delay of each frame's oldest line (write to arrival).
     */
    static final class Viewer implements WebSocket.Listener {
        static final Pattern NUMBER = Pattern.compile("\"task_id\":(\\d+)");
        WebSocket ws;
        volatile int closedWith;
        final StringBuilder partial = new StringBuilder();
        final java.util.Map<Long, Seen> tasks = new java.util.concurrent.ConcurrentHashMap<>();

        static final class Seen {
            volatile long last;
            volatile boolean ended;
            boolean broken;
            long live;
            long offset = Long.MIN_VALUE;
            final List<long[]> gaps = new ArrayList<>();
            long[] delays = new long[256];
            int delayCount;

            /**
             * True when this viewer got lines in order up to the last one, and with the stored log's lines in its skips
             * (their script lines "v 1", "v 2", ... follow on without a hole) it has them all.
             */
            boolean completeWith(long[] stored, long total) {
                if (broken || last != total || offset == Long.MIN_VALUE) {
                    return false;
                }
                long expect = 1;
                for (long line = 1; line <= total; line++) {
                    if (stored[(int) line] >= 0) {
                        if (stored[(int) line] != expect || line - expect != offset) {
                            return false;
                        }
                        expect++;
                    }
                }
                return true;
            }
        }

        Seen of(long task) {
            return tasks.computeIfAbsent(task, t -> new Seen());
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.currentTimeMillis();
                String s = partial.toString();
                partial.setLength(0);
                Matcher m = NUMBER.matcher(s);
                if (m.find()) {
                    Seen seen = of(Long.parseLong(m.group(1)));
                    if (s.startsWith("{\"type\":\"logs\"")) {
                        lines(seen, s, now);
                    } else if (s.startsWith("{\"type\":\"update\"") && (s.contains("\"status\":\"success\"") || s.contains("\"status\":\"error\""))) {
                        seen.ended = true;
                    }
                }
            }
            w.request(1);
            return null;
        }

        private static void lines(Seen seen, String s, long now) {
            int at = 0;
            long count = 0;
            long firstTime = 0;
            while ((at = s.indexOf("{\"line\":", at)) >= 0) {
                at += 8;
                int comma = s.indexOf(',', at);
                long n = Long.parseLong(s, at, comma, 10);
                if (count == 0) {
                    int t = s.indexOf("\"time\":\"", comma) + 8;
                    firstTime = java.time.Instant.parse(s.substring(t, s.indexOf('"', t))).toEpochMilli();
                }
                if (n <= seen.last) {
                    seen.broken = true;
                } else if (n > seen.last + 1) {
                    seen.gaps.add(new long[] {seen.last + 1, n - 1});
                }
                int o = s.indexOf("\"output\":\"", comma) + 10;
                if (s.startsWith("v ", o)) {
                    long k = Long.parseLong(s, o + 2, s.indexOf('"', o), 10);
                    if (seen.offset == Long.MIN_VALUE) {
                        seen.offset = n - k;
                    } else if (n - k != seen.offset) {
                        seen.broken = true;
                    }
                }
                seen.last = Math.max(seen.last, n);
                count++;
            }
            seen.live += count;
            if (count > 0) {
                if (seen.delayCount * 2 == seen.delays.length) {
                    seen.delays = java.util.Arrays.copyOf(seen.delays, seen.delays.length * 2);
                }
                seen.delays[2 * seen.delayCount] = now - firstTime;
                seen.delays[2 * seen.delayCount + 1] = count;
                seen.delayCount++;
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closedWith = code;
            return null;
        }
    }

    /** The delay below which this share of lines arrived (each frame's lines counted with its oldest line's delay). */
    static long percentile(List<long[]> delays, double share) {
        if (delays.isEmpty()) {
            return -1;
        }
        delays.sort(java.util.Comparator.comparingLong(d -> d[0]));
        long all = delays.stream().mapToLong(d -> d[1]).sum();
        long seen = 0;
        for (long[] d : delays) {
            seen += d[1];
            if (seen >= Math.ceil(all * share)) {
                return d[0];
            }
        }
        return delays.getLast()[0];
    }

    static long count(String text, String what) {
        long n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    /**
     * (d) {@code tasks} one-line tasks through one remote runner: a server with use_remote_runner, and
     * {@code ./semaphore runner register} + {@code runner start} (max_parallel_tasks=10) as separate processes;
     * time from the first queued to the last finished, and how many tasks have their line stored exactly once.
     */
    static void runnerCase(Path root, Path repo, Path tmp, int tasks) throws Exception {
        Path dir = tmp.resolve("runner-case");
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        cookie = null;
        ProcessBuilder pb = new ProcessBuilder(root.resolve("semaphore").toString(), "server")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().put("SEMAPHORE_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("SEMAPHORE_PORT", String.valueOf(port));
        pb.environment().put("SEMAPHORE_INTERFACE", "127.0.0.1");
        pb.environment().put("SEMAPHORE_ADMIN_PASSWORD", "bench-admin-pw");
        pb.environment().put("SEMAPHORE_TMP_PATH", dir.resolve("work").toString());
        pb.environment().put("SEMAPHORE_USE_REMOTE_RUNNER", "true");
        pb.environment().put("SEMAPHORE_RUNNER_REGISTRATION_TOKEN", "bench-registration");
        Process server = pb.start();
        Process runner = null;
        try {
            waitForPing();
            java.util.Map<String, String> runnerEnv = java.util.Map.of("SEMAPHORE_WEB_ROOT", base,
                    "SEMAPHORE_RUNNER_TOKEN_FILE", dir.resolve("runner-token").toString(),
                    "SEMAPHORE_RUNNER_REGISTRATION_TOKEN", "bench-registration",
                    "SEMAPHORE_RUNNER_MAX_PARALLEL_TASKS", "10",
                    "SEMAPHORE_TMP_PATH", dir.resolve("runner-work").toString());
            ProcessBuilder reg = new ProcessBuilder(root.resolve("semaphore").toString(), "runner", "register", "--no-config")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("register.log").toFile());
            reg.environment().putAll(runnerEnv);
            if (reg.start().waitFor() != 0) {
                throw new IllegalStateException("runner register failed: " + Files.readString(dir.resolve("register.log")));
            }
            ProcessBuilder start = new ProcessBuilder(root.resolve("semaphore").toString(), "runner", "start", "--no-config")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("runner.log").toFile());
            start.environment().putAll(runnerEnv);
            runner = start.start();
            post("/api/auth/login", "{\"auth\":\"admin\",\"password\":\"bench-admin-pw\"}");
            int project = id(post("/api/projects", "{\"name\":\"bench-runner\"}"));
            String p = "/api/project/" + project;
            int key = id(get(p + "/keys"));
            post(p + "/repositories", "{\"name\":\"r\",\"git_url\":\"" + repo + "\",\"git_branch\":\"main\",\"ssh_key_id\":" + key + "}");
            int repoId = id(get(p + "/repositories"));
            int one = id(post(p + "/templates", "{\"name\":\"one\",\"app\":\"bash\",\"playbook\":\"one.sh\",\"allow_parallel_tasks\":true,\"repository_id\":" + repoId + "}"));
            long t0 = System.nanoTime();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                ids.add((long) id(post(p + "/tasks", "{\"template_id\":" + one + "}")));
            }
            double queued = (System.nanoTime() - t0) / 1e9;
            int ok = 0;
            for (long id : ids) {
                if (awaitFinished(p, id, 600).equals("success")) {
                    ok++;
                }
            }
            double total = (System.nanoTime() - t0) / 1e9;
            long linesOnce = 0;
            long lines = 0;
            for (long id : ids) {
                long n = count(get(p + "/tasks/" + id + "/raw_output"), "one line");
                lines += n;
                linesOnce += n == 1 ? 1 : 0;
            }
            System.out.printf("(d) %d one-line tasks through one remote runner (max_parallel_tasks=10, polls every second):"
                            + " %.2f s (%.1f tasks/s; all queued after %.2f s); %d succeeded; %d output lines, %d tasks with"
                            + " their line exactly once%n", tasks, total, tasks / Math.max(total, 0.001), queued, ok, lines,
                    linesOnce);
            // How long a stop asked through the API takes to end a task the runner runs: the runner sees it at its
            // next poll, stops the job and reports the end at once.
            int forever = id(post(p + "/templates", "{\"name\":\"forever\",\"app\":\"bash\",\"playbook\":\"forever.sh\",\"repository_id\":" + repoId + "}"));
            for (boolean force : new boolean[] {false, true}) {
                List<Long> ms = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long task = id(post(p + "/tasks", "{\"template_id\":" + forever + "}"));
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (System.currentTimeMillis() < deadline && !get(p + "/tasks/" + task + "/raw_output").contains("started")) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000)); // anywhere in the runner's poll interval
                    long asked = System.nanoTime();
                    post(p + "/tasks/" + task + "/stop", "{\"force\":" + force + "}");
                    String end = awaitFinished(p, task, 60);
                    ms.add((System.nanoTime() - asked) / 1_000_000);
                    if (!end.equals("stopped")) {
                        System.out.println("(d) stop: task " + task + " ended " + end);
                    }
                }
                ms.sort(null);
                System.out.printf("    %s through the API until the task is stopped, 5 tries: median %d ms, max %d ms%n",
                        force ? "force stop" : "stop", ms.get(2), ms.get(4));
            }
        } finally {
            if (runner != null) {
                runner.destroy();
                runner.waitFor(15, TimeUnit.SECONDS);
            }
            server.destroy();
            server.waitFor(15, TimeUnit.SECONDS);
        }
    }

    static String awaitFinished(String p, long task, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            Matcher m = Pattern.compile("\"status\":\"(\\w+)\"").matcher(get(p + "/tasks/" + task));
            if (m.find() && List.of("success", "error", "stopped").contains(m.group(1))) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        return "timeout";
    }

    /**
     * The floor for (b) in any JVM: this JVM starting the same commands, ten at a time, and nothing else (no HTTP,
     * no database, no log). Java starts processes through posix_spawn and its jspawnhelper, an extra exec per
     * process that xargs does not pay.
     */
    static double spawnFromJvm(Path repo, int tasks) throws Exception {
        long t0 = System.nanoTime();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(10);
        try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                slots.acquire();
                ex.submit(() -> {
                    try {
                        Process p = new ProcessBuilder("bash", "one.sh").directory(repo.toFile()).redirectErrorStream(true).start();
                        p.getInputStream().readAllBytes();
                        return p.waitFor();
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Resident memory of a process in KB, from /proc. */
    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** CPU time of a process in clock ticks (1/100 s): {its own, its finished children's}, from /proc. */
    static long[] cpu(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    static void waitForPing() throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/ping")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not start");
    }

    static int id(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    static String get(String path) throws Exception {
        if (cookie != null) {
            return Lean.CONN.get().send("GET", path, null);
        }
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5)).GET());
    }

    static String post(String path, String body) throws Exception {
        if (cookie != null) {
            return Lean.CONN.get().send("POST", path, body);
        }
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(r.request().uri() + " -> " + r.statusCode() + " " + r.body());
        }
        r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("semaphore=")).findFirst()
                .ifPresent(c -> cookie = c.substring("semaphore=".length(), c.indexOf(';')));
        return r.body();
    }

    /**
     * A minimal HTTP/1.1 client: one kept-alive connection per thread, Content-Length or chunked bodies. The JDK's
     * HttpClient spent ~1 ms of CPU per request here, on the same two cores as the server under test; this one
     * spends a few tens of microseconds, so the figures measure the server, not the client.
     */
    static final class Lean {
        static final ThreadLocal<Lean> CONN = ThreadLocal.withInitial(Lean::new);
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        String send(String method, String path, String body) throws IOException {
            if (socket == null) {
                URI u = URI.create(base);
                socket = new java.net.Socket(u.getHost(), u.getPort());
                socket.setTcpNoDelay(true);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
                out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            }
            byte[] payload = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: semaphore=" + cookie + "\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n") + "\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0; n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    bytes.write(in.readNBytes(n));
                    line();
                }
                line();
            } else if (length > 0) {
                bytes.write(in.readNBytes((int) length));
            }
            String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (code >= 400) {
                throw new IllegalStateException(method + " " + path + " -> " + code + " " + text);
            }
            return text;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }
}
