package io.semaphore.task.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's id, kept in a file under {@code tmp_path} so that a node restarted after a crash is the same node and
 * can end what its tasks left running. A lock on the file, held while the node runs, means two live nodes never
 * share an id: a second node on the same {@code tmp_path} takes {@code node-id-2}, and so on. The operating system
 * drops the lock when the process dies, however it dies.
 */
final class NodeIdentity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);
    private static final int MOST_FILES = 100;

    private final String id;
    private final FileChannel file;
    private final FileLock lock;

    private NodeIdentity(String id, FileChannel file, FileLock lock) {
        this.id = id;
        this.file = file;
        this.lock = lock;
    }

    String id() {
        return id;
    }

    /** The id in the first file of {@code folder} no live node holds (written there when new). */
    static NodeIdentity acquire(Path folder) {
        try {
            Files.createDirectories(folder);
            for (int n = 1; n <= MOST_FILES; n++) {
                Path path = folder.resolve(n == 1 ? "node-id" : "node-id-" + n);
                NodeIdentity taken = tryTake(path);
                if (taken != null) {
                    log.info("Node id {} (kept in {})", taken.id, path);
                    return taken;
                }
            }
            log.warn("All {} node id files in {} are held by live nodes", MOST_FILES, folder);
        } catch (IOException e) {
            log.warn("Cannot keep a node id in {}: {}", folder, e.getMessage());
        }
        String id = UUID.randomUUID().toString();
        log.warn("Node id {} is new and will not survive a restart: after a crash, processes of this node's tasks"
                + " are not ended when it starts again. Make tmp_path writable.", id);
        return new NodeIdentity(id, null, null);
    }

    /** The id in this file when no live node holds it (a new one is written there when it has none), else null. */
    private static NodeIdentity tryTake(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another node in this JVM holds it
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            String id = read(channel);
            if (id == null) {
                id = UUID.randomUUID().toString();
                write(channel, id);
            }
            return new NodeIdentity(id, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The id stored in the file, or null when it is empty or not one we wrote. */
    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(128);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.matches("[A-Za-z0-9-]{8,64}") ? text : null;
    }

    private static void write(FileChannel channel, String id) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    /** Releases the id for the next node on this folder. */
    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            log.debug("Releasing the node id file: {}", e.getMessage());
        }
    }
}
