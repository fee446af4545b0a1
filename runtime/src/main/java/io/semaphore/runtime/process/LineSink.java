package io.semaphore.runtime.process;

import java.time.Instant;

/** Receives output lines, in order, from one reader thread at a time. */
@FunctionalInterface
public interface LineSink {
    void line(Instant time, String line);
}
