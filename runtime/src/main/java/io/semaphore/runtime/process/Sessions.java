package io.semaphore.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions of the processes jobs start (Linux). Each process is started through {@code setsid}, so it leads a
 * session of its own and everything it starts stays in that session, also children that left its process tree (a
 * daemonized {@code nohup ... &}). {@link #members} finds them again through {@code /proc}, also from another JVM
 * after a crash; {@link #end} stops them. Where {@code setsid} or {@code /proc} is missing, processes run in the
 * server's session as before and only their tree can be stopped.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final Path PROC = Path.of("/proc");
    /** USER_HZ, the unit of start times in /proc: 100 on every Linux architecture Java runs on. */
    private static final int TICKS_PER_SECOND = 100;
    private static final @Nullable Path SETSID = findSetsid();
    private static final long OWN_SESSION = ownSession();

    private Sessions() {}

    /** The {@code setsid} program, when this machine can run processes in sessions of their own and find them. */
    public static Optional<Path> setsid() {
        return Optional.ofNullable(SETSID);
    }

    /** This boot of the machine ({@code /proc/sys/kernel/random/boot_id}); "" when unknown. */
    public static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Clock ticks since boot now (/proc/uptime; ticks are USER_HZ, 100 per second on Linux); -1 when unknown. */
    static long uptimeTicks() {
        try {
            String text = Files.readString(PROC.resolve("uptime"));
            return (long) (Double.parseDouble(text.substring(0, text.indexOf(' '))) * TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The session a process started through setsid leads (setsid keeps the pid): the start time from /proc, or,
     * when the process already ended (a shell that put its work in the background and left), the ticks between
     * {@code startedAfter} (taken just before it was started) and now.
     */
    static Optional<SessionId> ledBy(long pid, long startedAfter) {
        Stat stat = Stat.read(pid);
        if (stat != null) {
            return Optional.of(new SessionId(pid, stat.start(), stat.start()));
        }
        long now = uptimeTicks();
        return startedAfter < 0 || now < 0 ? Optional.empty()
                : Optional.of(new SessionId(pid, Math.max(0, startedAfter - 1), now + 1));
    }

    /**
     * The live processes of a session, oldest first (parents before their children). None when the session is the
     * server's own, or when its id now belongs to another process (every process of the session ended and the pid
     * was used again): a process is a member only if it is in the session and started after its leader.
     */
    public static List<ProcessHandle> members(SessionId session) {
        if (session.id() == OWN_SESSION) {
            return List.of();
        }
        Stat leader = Stat.read(session.id());
        if (leader != null && !session.leaderMayHaveStartedAt(leader.start())) {
            return List.of();
        }
        Map<Long, Long> found = new LinkedHashMap<>(); // pid → start time
        try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC)) {
            for (Path dir : all) {
                long pid = pidOf(dir.getFileName().toString());
                if (pid <= 1 || pid == ProcessHandle.current().pid()) {
                    continue;
                }
                Stat stat = Stat.read(pid);
                if (stat != null && stat.isMemberOf(session)) {
                    found.put(pid, stat.start());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list processes in {}: {}", PROC, e.getMessage());
            return List.of();
        }
        List<ProcessHandle> members = new ArrayList<>();
        found.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            // The handle remembers the process's start time and refuses to signal a later process with the same
            // pid; the second look makes sure it was taken of the member just seen.
            Optional<ProcessHandle> handle = ProcessHandle.of(e.getKey());
            Stat again = Stat.read(e.getKey());
            if (handle.isPresent() && again != null && again.isMemberOf(session) && again.start() == e.getValue()) {
                members.add(handle.get());
            }
        });
        return members;
    }

    /**
     * Ends every process of the sessions: SIGTERM (parents first, so a shell does not run its next line when its
     * child dies), then SIGKILL for those still alive after {@code grace}. Returns how many processes it found.
     */
    public static int end(Collection<SessionId> sessions, Duration grace) throws InterruptedException {
        List<ProcessHandle> found = new ArrayList<>();
        for (SessionId s : sessions) {
            found.addAll(members(s));
        }
        if (found.isEmpty()) {
            return 0;
        }
        found.forEach(ProcessHandle::destroy);
        if (!awaitExit(found, grace)) {
            List<ProcessHandle> alive = new ArrayList<>(found);
            for (SessionId s : sessions) {
                alive.addAll(members(s)); // started meanwhile
            }
            alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(alive, Duration.ofSeconds(5));
        }
        return found.size();
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration limit) throws InterruptedException {
        try {
            CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    private static long pidOf(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return name.isEmpty() || name.length() > 18 ? -1 : Long.parseLong(name);
    }

    /** What {@code /proc/<pid>/stat} says of a process: its session, start time (ticks since boot) and state. */
    private record Stat(long session, long start, char state) {
        boolean isMemberOf(SessionId s) {
            return session == s.id() && start >= s.earliest() && state != 'Z' && state != 'X';
        }

        static @Nullable Stat read(long pid) {
            String text;
            try {
                text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            } catch (IOException | RuntimeException e) {
                return null; // ended, or not Linux
            }
            // "pid (comm) state ppid pgrp session ... starttime(22nd)": comm may hold spaces and parentheses.
            int close = text.lastIndexOf(')');
            if (close < 0) {
                return null;
            }
            String[] f = text.substring(close + 2).split(" ");
            if (f.length < 20) {
                return null;
            }
            try {
                return new Stat(Long.parseLong(f[3]), Long.parseLong(f[19]), f[0].isEmpty() ? '?' : f[0].charAt(0));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private static long ownSession() {
        Stat own = Stat.read(ProcessHandle.current().pid());
        return own == null ? -1 : own.session();
    }

    private static @Nullable Path findSetsid() {
        if (!Files.isReadable(PROC.resolve("self/stat"))) {
            return null;
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "setsid");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        LOG.warn("setsid was not found (package util-linux): task processes run in the server's session; a stop"
                + " reaches only their process tree, and after a crash they are not ended");
        return null;
    }
}
