package io.semaphore.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** cookie_hash signs the session cookie; cookie_encryption (as in Semaphore) also hides the ids it holds. */
class SessionCookieTest {
    private static final String HASH = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210".getBytes());

    @Test
    void withoutEncryption_theIdsAreReadable_butSigned() {
        SessionCookie plain = new SessionCookie(HASH);
        String value = plain.encode(7, 42);
        byte[] payload = Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.')));
        assertThat(ByteBuffer.wrap(payload).getInt(4)).isEqualTo(42);
        assertThat(plain.decode(value)).contains(new SessionCookie.Value(7, 42));
        assertThat(plain.decode("x" + value)).isEmpty();
    }

    @Test
    void withCookieEncryption_theIdsAreHidden_andOnlyThatKeyOpensThem() {
        SessionCookie sealed = new SessionCookie(HASH, KEY);
        String first = sealed.encode(7, 42);
        String second = sealed.encode(7, 42);
        assertThat(first).isNotEqualTo(second); // a fresh nonce each time
        byte[] payload = Base64.getUrlDecoder().decode(first.substring(0, first.indexOf('.')));
        assertThat(payload.length).isEqualTo(12 + 8 + 16);
        assertThat(sealed.decode(first)).contains(new SessionCookie.Value(7, 42));
        assertThat(sealed.decode(second)).contains(new SessionCookie.Value(7, 42));
        // the same cookie_hash but another (or no) encryption key: refused, not misread
        assertThat(new SessionCookie(HASH, OTHER_KEY).decode(first)).isEmpty();
        assertThat(new SessionCookie(HASH).decode(first)).isEmpty();
        assertThat(sealed.decode(new SessionCookie(HASH).encode(7, 42))).isEmpty();
    }
}
