package io.semaphore.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.semaphore.errors.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final TestClock clock = new TestClock();
    final LoginThrottle throttle = new LoginThrottle(clock);

    /** One failed attempt: checked (must be allowed), then counted. */
    void fail(String account, String address) {
        throttle.check(account, address);
        throttle.failed(account, address);
    }

    long refusedFor(String account, String address) {
        TooManyRequestsException e = catchThrowableOfType(TooManyRequestsException.class, () -> throttle.check(account, address));
        assertThat(e).as("%s from %s should be refused", account, address).isNotNull();
        return e.retryAfterSeconds();
    }

    @Test
    void anAccountFromOneAddress_getsFiveTries_thenWaitsThatDoubleUpToACap() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE; i++) {
            fail("ann", "10.0.0.1");
        }
        assertThat(refusedFor("ann", "10.0.0.1")).isEqualTo(30);
        clock.advance(Duration.ofSeconds(29));
        assertThat(refusedFor("ann", "10.0.0.1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        fail("ann", "10.0.0.1");
        assertThat(refusedFor("ann", "10.0.0.1")).isEqualTo(60);
        clock.advance(Duration.ofSeconds(60));
        fail("ann", "10.0.0.1");
        assertThat(refusedFor("ann", "10.0.0.1")).isEqualTo(120);
        for (int i = 0; i < 10; i++) {
            clock.advance(LoginThrottle.MAX_DELAY);
            fail("ann", "10.0.0.1");
        }
        assertThat(refusedFor("ann", "10.0.0.1")).isEqualTo(LoginThrottle.MAX_DELAY.toSeconds());
    }

    @Test
    void aCleanAddress_getsIn_whileAnotherHammersTheAccount() {
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(16));
            fail("ann", "10.0.0.66");
        }
        refusedFor("ann", "10.0.0.66");
        throttle.check("ann", "192.168.1.10");
        throttle.succeeded("ann", "192.168.1.10");
        // and the owner's own typo does not lock them out either
        fail("ann", "192.168.1.10");
        throttle.check("ann", "192.168.1.10");
    }

    @Test
    void successForgetsTheAddressesFailuresOnTheAccount() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE - 1; i++) {
            fail("ann", "10.0.0.1");
        }
        throttle.check("ann", "10.0.0.1");
        throttle.succeeded("ann", "10.0.0.1");
        for (int i = 0; i < LoginThrottle.PAIR_FREE - 1; i++) {
            fail("ann", "10.0.0.1");
        }
        throttle.check("ann", "10.0.0.1");
    }

    @Test
    void oneAddressSprayingManyAccounts_isSlowedDown_forEveryAccount() {
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE; i++) {
            fail("user" + i, "10.0.0.9");
        }
        assertThat(refusedFor("someone-else", "10.0.0.9")).isEqualTo(30);
        throttle.check("someone-else", "10.0.0.10");
    }

    @Test
    void anAccountAttackedFromManyAddresses_slowsEachFailingAddressAfterOneFailure_butNotCleanOnes() {
        for (int i = 1; i <= LoginThrottle.SPREAD; i++) {
            fail("ann", "10.0.1." + i);
        }
        for (int i = 1; i <= LoginThrottle.SPREAD; i++) {
            refusedFor("ann", "10.0.1." + i);
        }
        // Other accounts from those addresses are not braked by ann's brake.
        throttle.check("bob", "10.0.1.1");
        // An address that has not failed on ann is not held back.
        throttle.check("ann", "10.0.2.1");
        // Below the spread, an address keeps its five free failures.
        for (int i = 1; i < LoginThrottle.SPREAD; i++) {
            fail("bob", "10.0.3." + i);
        }
        throttle.check("bob", "10.0.3.1");
    }

    @Test
    void failuresAreForgottenAfterAQuietHour() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE; i++) {
            fail("ann", "10.0.0.1");
        }
        refusedFor("ann", "10.0.0.1");
        clock.advance(LoginThrottle.MEMORY.plusSeconds(1));
        for (int i = 0; i < LoginThrottle.PAIR_FREE - 1; i++) {
            fail("ann", "10.0.0.1");
        }
        throttle.check("ann", "10.0.0.1");
    }

    @Test
    void delays_doubleFromThirtySeconds_andStopAtTheCap() {
        assertThat(LoginThrottle.delay(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LoginThrottle.delay(3)).isEqualTo(Duration.ofSeconds(240));
        assertThat(LoginThrottle.delay(5)).isEqualTo(LoginThrottle.MAX_DELAY);
        assertThat(LoginThrottle.delay(Integer.MAX_VALUE)).isEqualTo(LoginThrottle.MAX_DELAY);
        assertThatThrownBy(() -> {
            for (int i = 0; i <= LoginThrottle.PAIR_FREE; i++) {
                fail("x", "y");
            }
        }).isInstanceOf(TooManyRequestsException.class);
    }
}
