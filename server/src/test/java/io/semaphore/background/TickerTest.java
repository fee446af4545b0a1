package io.semaphore.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickerTest {
    @Test
    void aFailedStepIsReportedAndTheNextOneRuns() throws InterruptedException {
        AtomicInteger steps = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        CountDownLatch third = new CountDownLatch(3);
        try (Ticker t = Ticker.start("ticker-test", Duration.ZERO, Duration.ofMillis(10), () -> {
            int n = steps.incrementAndGet();
            third.countDown();
            if (n == 1) {
                throw new IllegalStateException("first step fails");
            }
        }, e -> failures.add(e.getMessage()))) {
            assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).containsExactly("first step fails");
    }

    @Test
    void theFirstStepWaitsForItsDelay() throws InterruptedException {
        AtomicInteger steps = new AtomicInteger();
        try (Ticker t = Ticker.start("ticker-test", Duration.ofHours(1), Duration.ofMillis(10), steps::incrementAndGet,
                e -> {})) {
            Thread.sleep(100);
        }
        assertThat(steps).hasValue(0);
    }

    @Test
    void closeInterruptsAWaitingStepAndWaitsForIt() throws InterruptedException {
        CountDownLatch inStep = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        Ticker t = Ticker.start("ticker-test", Duration.ZERO, Duration.ofMillis(10), () -> {
            inStep.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.incrementAndGet();
        }, e -> {});
        assertThat(inStep.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        t.close();
        assertThat(ended).as("the step ended before close returned, and no other started").hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
