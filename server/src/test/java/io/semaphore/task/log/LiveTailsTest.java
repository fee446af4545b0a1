package io.semaphore.task.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lines kept for live viewers: in order, bounded, and a reader behind skips ahead instead of blocking anyone. */
class LiveTailsTest {
    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    static List<Long> numbers(LiveTails.Read r) {
        return r.lines().stream().map(l -> l.number).toList();
    }

    @Test
    void aReaderGetsEveryLineInOrder_whenItKeepsUp() {
        AtomicInteger woken = new AtomicInteger();
        LiveTails tails = new LiveTails(woken::incrementAndGet);
        long last = 0;
        List<Long> got = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            tails.append(3, 7, i, T, "line " + i);
            if (i % 700 == 0) {
                LiveTails.Read r = tails.get(7).after(last, 1000);
                assertThat(r.skipped()).isFalse();
                got.addAll(numbers(r));
                last = got.getLast();
            }
        }
        got.addAll(numbers(tails.get(7).after(last, 1000)));
        assertThat(got).hasSize(10_000);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(i + 1L);
        }
        assertThat(woken).as("viewers are woken once, when the task's first line arrives").hasValue(1);
    }

    @Test
    void aReaderFarBehind_skipsToTheNewestLines_andIsToldWhichItSkipped() {
        LiveTails tails = new LiveTails(() -> {});
        for (int i = 1; i <= LiveTails.MAX_LINES + 5_000; i++) {
            tails.append(3, 7, i, T, "x");
        }
        LiveTails.Tail t = tails.get(7);
        assertThat(t.first()).as("only the newest lines are kept").isEqualTo(5_001);
        LiveTails.Read r = t.after(0, 300);
        assertThat(r.skipped()).isTrue();
        assertThat(r.skippedFrom()).isEqualTo(1);
        assertThat(r.skippedTo()).isEqualTo(LiveTails.MAX_LINES + 5_000 - 300);
        assertThat(numbers(r)).hasSize(300).startsWith(r.skippedTo() + 1).endsWith((long) LiveTails.MAX_LINES + 5_000);
    }

    @Test
    void longLines_areKeptUpToACharacterBudget() {
        LiveTails tails = new LiveTails(() -> {});
        String big = "y".repeat(64 * 1024);
        for (int i = 1; i <= 200; i++) {
            tails.append(1, 2, i, T, big);
        }
        LiveTails.Tail t = tails.get(2);
        long kept = t.head() - t.first() + 1;
        assertThat(kept * big.length()).isLessThanOrEqualTo(LiveTails.MAX_CHARS);
        assertThat(t.head()).isEqualTo(200);
    }

    @Test
    void linesArrivingOutOfOrder_areReadInOrder() {
        LiveTails tails = new LiveTails(() -> {});
        tails.append(1, 2, 1, T, "1");
        tails.append(1, 2, 3, T, "3");
        assertThat(numbers(tails.get(2).after(0, 100))).as("3 waits for 2").containsExactly(1L);
        tails.append(1, 2, 2, T, "2");
        assertThat(numbers(tails.get(2).after(1, 100))).containsExactly(2L, 3L);
    }

    @Test
    void batchesAndSemaphoreMessages_carryTheNumbersAndTheTask() throws Exception {
        LiveTails tails = new LiveTails(() -> {});
        for (int i = 1; i <= 2_500; i++) {
            tails.append(4, 9, i, T, "say \"" + i + "\"");
        }
        LiveCursor batches = new LiveCursor();
        List<String> frames = batches.frames(tails, id -> true, p -> true, true, 5_000);
        assertThat(frames).hasSize(3); // 1000 + 1000 + 500
        JsonNode first = Json.MAPPER.readTree(frames.getFirst());
        assertThat(first.path("type").asText()).isEqualTo("logs");
        assertThat(first.path("task_id").asLong()).isEqualTo(9);
        assertThat(first.path("project_id").asInt()).isEqualTo(4);
        assertThat(first.path("lines").get(0).path("line").asLong()).isEqualTo(1);
        assertThat(first.path("lines").get(0).path("output").asText()).isEqualTo("say \"1\"");
        assertThat(Instant.parse(first.path("lines").get(0).path("time").asText())).isEqualTo(T);
        assertThat(batches.frames(tails, id -> true, p -> true, true, 5_000)).as("nothing new").isEmpty();

        LiveCursor messages = new LiveCursor();
        List<String> single = messages.frames(tails, id -> true, p -> true, false, 10);
        assertThat(single).hasSize(10);
        JsonNode m = Json.MAPPER.readTree(single.getLast());
        assertThat(m.path("type").asText()).isEqualTo("log");
        assertThat(m.path("line").asLong()).isEqualTo(2_500);
        assertThat(single.getLast()).endsWith("\"task_id\":9,\"project_id\":4}");

        LiveCursor outsider = new LiveCursor();
        assertThat(outsider.frames(tails, id -> true, p -> p != 4, true, 5_000)).isEmpty();
        assertThat(outsider.frames(tails, id -> id != 9, p -> true, true, 5_000)).isEmpty();
    }

    @Test
    void textIsQuotedAsJson_asciiFastAndTheRestByJackson() throws Exception {
        for (String text : List.of("plain 123", "say \"hi\"", "back\\slash", "tab\there", "\u001b[31mred\u001b[0m", "ünïcødé ✓", "")) {
            assertThat(Json.MAPPER.readTree(LiveCursor.quoted(text)).asText()).isEqualTo(text);
        }
    }

    @Test
    void anEndedTask_isForgottenLater_notAtOnce() {
        LiveTails tails = new LiveTails(() -> {});
        tails.append(1, 2, 1, T, "a");
        tails.ended(2);
        assertThat(tails.all()).hasSize(1);
        assertThat(tails.get(2).ended()).isTrue();
    }

    @Test
    void theBudgetSharesTheLinesAmongViewers() {
        assertThat(LiveCursor.budget(1)).isEqualTo(LiveCursor.MAX_LINES_PER_TICK);
        assertThat(LiveCursor.tickMs(1)).isEqualTo(50);
        assertThat(LiveCursor.budget(20)).isEqualTo(LiveCursor.LINES_PER_SECOND / 20 / 20);
        assertThat(LiveCursor.tickMs(200)).isEqualTo(200);
        assertThat(LiveCursor.budget(200)).isEqualTo(100);
        assertThat(LiveCursor.tickMs(5000)).isEqualTo(250);
        assertThat(LiveCursor.budget(5000)).isEqualTo(LiveCursor.MIN_LINES_PER_TICK);
    }
}
