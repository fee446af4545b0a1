package io.semaphore.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** Any text, cut into chunks anywhere: the same lines as BufferedReader.readLine when none is too long. */
    @Test
    void splitsAsReadLineDoes_whereverTheChunksEnd() throws IOException {
        Random random = new Random(42);
        String[] pieces = {"a", "line", "é", "€", "😀", "\n", "\r", "\r\n", "\n\n", " ", "tab\t"};
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            List<String> expected = readLines(text.toString());

            assertThat(split(text.toString().getBytes(StandardCharsets.UTF_8), 1000, random))
                    .as("lines of %s", text.toString().replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(expected);
        }
    }

    @Test
    void cutsALongLine_atTheLimit_andDropsTheRestOfIt() {
        byte[] text = ("x".repeat(5000) + "\nshort\n" + "y".repeat(11) + "\r\nlast").getBytes(StandardCharsets.UTF_8);

        for (int chunk : new int[] {1, 3, 10, 4096, 100_000}) {
            assertThat(split(text, 10, chunk)).as("chunks of %d", chunk).containsExactly(
                    "xxxxxxxxxx [line cut: longer than 10 bytes]", "short",
                    "yyyyyyyyyy [line cut: longer than 10 bytes]", "last");
        }
    }

    @Test
    void aLineOfExactlyTheLimit_isWhole() {
        assertThat(split("0123456789\n".getBytes(StandardCharsets.UTF_8), 10, 4)).containsExactly("0123456789");
    }

    @Test
    void neverCutsInsideACharacter() {
        byte[] text = "ab€€".getBytes(StandardCharsets.UTF_8); // € is 3 bytes: the limit of 6 falls inside the second

        assertThat(split(text, 6, 100)).containsExactly("ab€ [line cut: longer than 6 bytes]");
        assertThat(split(text, 6, 1)).containsExactly("ab€ [line cut: longer than 6 bytes]");
    }

    @Test
    void sizes() {
        assertThat(LineSplitter.size(64 * 1024)).isEqualTo("64 KiB");
        assertThat(LineSplitter.size(2 * 1024 * 1024)).isEqualTo("2 MiB");
        assertThat(LineSplitter.size(1000)).isEqualTo("1000 bytes");
    }

    private static List<String> readLines(String text) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader in = new BufferedReader(new StringReader(text));
        for (String line; (line = in.readLine()) != null; ) {
            out.add(line);
        }
        return out;
    }

    private static List<String> split(byte[] bytes, int max, Random random) {
        List<String> out = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(max, out::add);
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(8));
            splitter.feed(bytes, at, n);
            at += n;
        }
        splitter.end();
        return out;
    }

    private static List<String> split(byte[] bytes, int max, int chunk) {
        List<String> out = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(max, out::add);
        for (int at = 0; at < bytes.length; at += chunk) {
            byte[] copy = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk));
            splitter.feed(copy, 0, copy.length);
        }
        splitter.end();
        return out;
    }
}
