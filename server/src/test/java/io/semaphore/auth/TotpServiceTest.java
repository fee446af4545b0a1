package io.semaphore.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.semaphore.config.ConfigLoader;
import io.semaphore.db.Database;
import io.semaphore.db.Migrator;
import io.semaphore.errors.ConflictException;
import io.semaphore.key.Secrets;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import io.semaphore.user.User;
import io.semaphore.user.UserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** TOTP codes against a clock the test moves, stored on each database. */
@ParameterizedClass
@EnumSource(DbKind.class)
class TotpServiceTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    TestDatabase tdb;
    Database db;
    final LoginThrottleTest.TestClock clock = new LoginThrottleTest.TestClock();
    TotpService totp;
    User user;

    @BeforeEach
    void setUp() {
        tdb = TestDatabase.create(kind, dir);
        db = tdb.open();
        Migrator.migrate(db);
        totp = new TotpService(new TotpStore(db), new Secrets(ConfigLoader.randomSecret()), clock);
        user = new UserStore(db).insert(new User(0, Instant.now().truncatedTo(ChronoUnit.MILLIS), "ann", "Ann",
                "ann@example.com", false, false, false), "");
    }

    @AfterEach
    void tearDown() {
        db.close();
        tdb.close();
    }

    /** What an authenticator app shows at {@code at} for this otpauth URL. */
    static String code(String url, Instant at) throws Exception {
        var generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
        return generator.generateOneTimePasswordString(new SecretKeySpec(TotpService.secretOf(url), "HmacSHA1"), at, Locale.ROOT);
    }

    @Test
    void currentCode_isAcceptedOnce_andNeverAgain() throws Exception {
        TotpService.Enrollment e = totp.enable(user);
        assertThat(e.url()).startsWith("otpauth://totp/Semaphore:ann%40example.com?secret=").contains("issuer=Semaphore");
        String now = code(e.url(), clock.now);
        assertThat(totp.verify(user.id(), now)).isTrue();
        assertThat(totp.verify(user.id(), now)).as("the same code replayed").isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(totp.verify(user.id(), now)).as("still inside the window, but used").isFalse();
    }

    @Test
    void neighbouringSteps_areAccepted_olderOnesAndUsedOnesNot() throws Exception {
        String url = totp.enable(user).url();
        Instant t = clock.now;
        assertThat(totp.verify(user.id(), code(url, t.minusSeconds(60)))).as("two steps ago").isFalse();
        assertThat(totp.verify(user.id(), code(url, t.plusSeconds(60)))).as("two steps ahead").isFalse();
        assertThat(totp.verify(user.id(), code(url, t.minusSeconds(30)))).as("one step ago").isTrue();
        assertThat(totp.verify(user.id(), code(url, t.plusSeconds(30)))).as("one step ahead").isTrue();
        // Once a later step was used, an earlier one is refused even though it is in the window.
        assertThat(totp.verify(user.id(), code(url, t))).isFalse();
        clock.advance(Duration.ofSeconds(90));
        assertThat(totp.verify(user.id(), code(url, clock.now))).isTrue();
    }

    @Test
    void malformedOrMissing_isRefused() throws Exception {
        assertThat(totp.verify(user.id(), "123456")).as("not enrolled").isFalse();
        String url = totp.enable(user).url();
        assertThat(totp.verify(user.id(), "")).isFalse();
        assertThat(totp.verify(user.id(), null)).isFalse();
        assertThat(totp.verify(user.id(), "12345a")).isFalse();
        assertThat(totp.verify(user.id(), code(url, clock.now) + "1")).isFalse();
        String spaced = code(url, clock.now);
        assertThat(totp.verify(user.id(), spaced.substring(0, 3) + " " + spaced.substring(3))).as("typed with a space").isTrue();
    }

    @Test
    void secret_isStoredEncrypted() throws Exception {
        String url = totp.enable(user).url();
        String secret = url.replaceAll(".*secret=([A-Z2-7]+).*", "$1");
        String stored = db.read(h -> h.createQuery("SELECT url FROM user__totp WHERE user_id = :u").bind("u", user.id())
                .mapTo(String.class).one());
        assertThat(stored).doesNotContain(secret).doesNotContain("otpauth");
        assertThat(totp.url(user)).contains(url);
    }

    @Test
    void recoveryCode_worksOnce_andRemovesTheTotp() {
        TotpService.Enrollment e = totp.enable(user);
        assertThat(totp.recover(user.id(), "0000000000000000")).isFalse();
        assertThat(totp.enrolled(user.id())).isPresent();
        assertThat(totp.recover(user.id(), e.recoveryCode().toUpperCase(Locale.ROOT))).isTrue();
        assertThat(totp.enrolled(user.id())).isEmpty();
        assertThat(totp.recover(user.id(), e.recoveryCode())).isFalse();
    }

    @Test
    void enableTwice_isAConflict_disableByIdOnlyItsOwn() {
        TotpService.Enrollment e = totp.enable(user);
        assertThatThrownBy(() -> totp.enable(user)).isInstanceOf(ConflictException.class);
        assertThat(totp.disable(user, e.id() + 1000)).isFalse();
        assertThat(totp.disable(user, e.id())).isTrue();
        assertThat(totp.enrolled(user.id())).isEmpty();
    }

    @Test
    void base32_roundTrips() {
        byte[] data = {0, 1, 2, (byte) 0xff, 0x10, 0x7f, (byte) 0x80, 42, 99, 100};
        assertThat(TotpService.base32Decode(TotpService.base32(data))).isEqualTo(data);
    }
}
