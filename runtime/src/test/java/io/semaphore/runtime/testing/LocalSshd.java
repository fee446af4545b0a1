package io.semaphore.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server ({@code sshd -D -e}) for the current user on a free 127.0.0.1 port, made entirely in a temp
 * folder: its own host key, config, authorized_keys and pid file. Only public keys added with {@link #authorize}
 * log in. {@link #close()} stops it.
 */
public final class LocalSshd implements AutoCloseable {
    /** sshd re-executes itself by this path, so it must be started by its absolute path. */
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** sshd refuses to start as root without its privilege separation folder (the package's service makes it). */
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final int START_ATTEMPTS = 3;
    private static final long START_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Path authorizedKeys;
    private final Path log;
    private final Process process;
    private final int port;

    private LocalSshd(Path dir, Path authorizedKeys, Path log, Process process, int port) {
        this.dir = dir;
        this.authorizedKeys = authorizedKeys;
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /** Starts sshd with its files in {@code dir} (created); fails the test if openssh-server is not installed. */
    public static LocalSshd start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new AssertionError(SSHD + " is missing: install openssh-server "
                    + "(apt-get install -y openssh-server) to run the ssh tests");
        }
        if (isRoot() && !Files.isDirectory(PRIVSEP_DIR)) {
            Files.createDirectories(PRIVSEP_DIR);
        }
        Files.createDirectories(dir);
        Shell.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "host_key");
        Path authorizedKeys = Files.writeString(dir.resolve("authorized_keys"), "");
        Path log = dir.resolve("sshd.log");
        String failure = "";
        // the free port is found by closing a socket bound to it, so another process may take it first: retry
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path config = Files.writeString(dir.resolve("sshd_config"), """
                    ListenAddress 127.0.0.1
                    Port %d
                    HostKey %s
                    PidFile %s
                    AuthorizedKeysFile %s
                    PubkeyAuthentication yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    UsePAM no
                    StrictModes no
                    PermitRootLogin prohibit-password
                    PrintMotd no
                    LogLevel VERBOSE
                    """.formatted(port, dir.resolve("host_key"), dir.resolve("sshd.pid"), authorizedKeys));
            Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
            var sshd = new LocalSshd(dir, authorizedKeys, log, process, port);
            if (sshd.awaitListening()) {
                return sshd;
            }
            sshd.close();
            failure = sshd.log();
        }
        throw new AssertionError("sshd did not start: " + failure);
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "0".equals(Shell.run(Path.of("/"), "id", "-u"));
    }

    /** Lets the key whose public half is in {@code publicKey} (an ssh-keygen .pub file) log in. */
    public void authorize(Path publicKey) {
        try {
            Files.writeString(authorizedKeys, Files.readString(publicKey).strip() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user sshd runs as, the only one who can log in. */
    public static String user() {
        return System.getProperty("user.name");
    }

    public int port() {
        return port;
    }

    /** An ssh URL of a repository at an absolute path on this host, e.g. {@code ssh://root@127.0.0.1:2222/tmp/x}. */
    public String url(Path repository) {
        return "ssh://" + user() + "@127.0.0.1:" + port + repository.toAbsolutePath();
    }

    /** What sshd printed so far (why a login was refused), for assertion messages. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "cannot read " + log + ": " + e.getMessage();
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        // sessions still open are sshd's children and would outlive it
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
