package io.semaphore.runtime.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into UTF-8 lines as {@link java.io.BufferedReader#readLine()} does ({@code \n}, {@code \r} or
 * {@code \r\n} end a line; the last line needs no end), except that a line longer than {@code maxBytes} is passed on
 * as soon as it reaches the limit, cut there (never inside a character) and marked, and the rest of it is dropped
 * without being kept: a process printing one endless line costs no memory. Lines that fit in one chunk are decoded
 * straight from it.
 */
final class LineSplitter {
    private final int maxBytes;
    private final Consumer<String> out;
    private final String cutMark;
    /** The start of a line whose end is in a later chunk. */
    private byte[] partial = new byte[256];
    private int partialLength;
    /** The current line was cut and passed on: drop the rest of it. */
    private boolean cut;
    /** The last chunk ended with {@code \r}: a {@code \n} first in the next one belongs to it. */
    private boolean afterCr;

    LineSplitter(int maxBytes, Consumer<String> out) {
        this.maxBytes = maxBytes;
        this.out = out;
        this.cutMark = " [line cut: longer than " + size(maxBytes) + "]";
    }

    void feed(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        if (afterCr && i < end) {
            afterCr = false;
            if (b[i] == '\n') {
                i++;
            }
        }
        int start = i;
        while (i < end) {
            byte c = b[i];
            if (c != '\n' && c != '\r') {
                i++;
                continue;
            }
            lineEnd(b, start, i);
            i++;
            if (c == '\r') {
                if (i == end) {
                    afterCr = true;
                } else if (b[i] == '\n') {
                    i++;
                }
            }
            start = i;
        }
        if (start < end) {
            keep(b, start, end);
        }
    }

    /** End of the stream: the last line, if it had no line end. */
    void end() {
        if (partialLength > 0 && !cut) {
            out.accept(new String(partial, 0, partialLength, StandardCharsets.UTF_8));
        }
        partialLength = 0;
        cut = false;
    }

    private void lineEnd(byte[] b, int from, int to) {
        if (partialLength == 0 && !cut) {
            if (to - from <= maxBytes) {
                out.accept(new String(b, from, to - from, StandardCharsets.UTF_8));
            } else {
                emitCut(b, from);
            }
            return;
        }
        keep(b, from, to);
        if (!cut) {
            out.accept(new String(partial, 0, partialLength, StandardCharsets.UTF_8));
        }
        partialLength = 0;
        cut = false;
    }

    /** Adds bytes to the line in progress; passes it on cut once it passes the limit. */
    private void keep(byte[] b, int from, int to) {
        if (cut) {
            return;
        }
        int n = to - from;
        if (partialLength + n > maxBytes) {
            int room = maxBytes - partialLength;
            ensure(maxBytes + 1);
            System.arraycopy(b, from, partial, partialLength, room + 1); // one more: is the cut inside a character?
            emitCut(partial, 0);
            partialLength = 0;
            cut = true;
            return;
        }
        ensure(partialLength + n);
        System.arraycopy(b, from, partial, partialLength, n);
        partialLength += n;
    }

    /**
     * Passes on the first {@code maxBytes} bytes at {@code from} (at least {@code maxBytes + 1} bytes are there) and
     * the mark. The cut moves back to the start of a character when it would split one.
     */
    private void emitCut(byte[] b, int from) {
        int at = from + maxBytes;
        while (at > from && (b[at] & 0xC0) == 0x80) {
            at--;
        }
        out.accept(new String(b, from, at - from, StandardCharsets.UTF_8) + cutMark);
    }

    private void ensure(int capacity) {
        if (capacity > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(capacity, Math.min(2 * partial.length, maxBytes + 1)));
        }
    }

    /** "64 KiB", "1 MiB" or "1000 bytes". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
