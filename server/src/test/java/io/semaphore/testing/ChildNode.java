package io.semaphore.testing;

import io.semaphore.app.Server;
import io.semaphore.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server node in a JVM of its own (this test classpath), so a test can crash it for real: {@link #kill()} sends
 * SIGKILL, which skips every shutdown step, exactly as the kernel's OOM killer or a power loss of the JVM would.
 */
public final class ChildNode implements AutoCloseable {
    private static final String READY = "child node listening on ";

    private final Process process;
    private final int port;

    private ChildNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a node on {@code configFile} (its output goes to {@code logFile}) and waits until it serves HTTP. */
    public static ChildNode start(Path configFile, Path logFile) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), ChildNode.class.getName(), configFile.toString()))
                    .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the child node ended: " + Files.readString(logFile));
                }
                for (String line : Files.readAllLines(logFile)) {
                    if (line.startsWith(READY)) {
                        return new ChildNode(p, Integer.parseInt(line.substring(READY.length()).trim()));
                    }
                }
                Thread.sleep(100);
            }
            p.destroyForcibly();
            throw new IllegalStateException("the child node did not start in time: " + Files.readString(logFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, and waits until the JVM is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child node did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The child's side: a server from a config file, running until killed. */
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        ConfigLoader loader = new ConfigLoader(Map.of(), config.getParent());
        Server server = Server.open(loader.load(config, false), Clock.systemUTC());
        server.start();
        System.out.println(READY + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
