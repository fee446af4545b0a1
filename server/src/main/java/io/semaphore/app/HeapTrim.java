package io.semaphore.app;

import io.semaphore.background.Ticker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives heap back to the operating system after a burst. The launcher runs the server with the serial collector,
 * which returns memory only at a full collection, and a server that is mostly idle rarely has one: after a burst
 * (a huge log read back, a flood of large requests) it kept ~600 MB resident with ~30 MB of live data
 * (bench/memory). Every {@value #CHECK_SECONDS} s this looks at the committed heap; once it has grown past a
 * threshold it asks for one full collection, at most every {@value #MIN_GAP_SECONDS} s. (How much of it is live
 * cannot be told without one: dead objects in the old generation count as used until then.) When the collection
 * gives little back, the data is really live and the threshold rises, so a big install is not collected in vain.
 * A collection of a mostly empty heap takes tens of milliseconds.
 */
final class HeapTrim implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);
    static final long CHECK_SECONDS = 30;
    static final long MIN_GAP_SECONDS = 120;
    private static final long FIRST_THRESHOLD = 160L << 20;

    private final Ticker ticker;
    /** Touched by the ticker's thread only. */
    private long last;
    private long threshold = FIRST_THRESHOLD;

    HeapTrim() {
        Duration every = Duration.ofSeconds(CHECK_SECONDS);
        ticker = Ticker.start("heap-trim", every, every, this::check,
                e -> log.warn("Heap trim failed: {}", e.toString()));
    }

    private void check() {
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        long now = System.nanoTime();
        if (committed >= threshold && (last == 0 || now - last >= MIN_GAP_SECONDS * 1_000_000_000L)) {
            last = now;
            System.gc();
            long after = rt.totalMemory();
            threshold = Math.max(FIRST_THRESHOLD, after + after / 2);
            log.debug("Heap trimmed: {} MB committed before, {} MB after", committed >> 20, after >> 20);
        }
    }

    @Override
    public void close() {
        ticker.close();
    }
}
