package io.semaphore.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local TCP proxy between a runner and the server that a test can break: {@link #cut} closes every connection
 * and refuses new ones; {@link #dropAnswers} lets requests reach the server but loses its answers (the worst
 * case for a push: stored by the server, unknown to the runner).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listen;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean dropAnswers;
    private volatile boolean closed;

    TcpProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tcp-proxy").start(this::accept);
    }

    int port() {
        return listen.getLocalPort();
    }

    void cut(boolean on) {
        cut = on;
        if (on) {
            closeAll();
        }
    }

    void dropAnswers(boolean on) {
        dropAnswers = on;
        if (on) {
            closeAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listen.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(server);
                Thread.ofPlatform().daemon().start(() -> pump(client, server, false));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, true));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buf = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (answers && dropAnswers) {
                    break; // the server answered; the runner never hears it
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listen.close();
        } catch (IOException ignored) {
            // closing
        }
        closeAll();
    }
}
