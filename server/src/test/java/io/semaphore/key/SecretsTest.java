package io.semaphore.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private final Secrets secrets = new Secrets(newKey());

    @Test
    void encrypt_roundTrip_returnsThePlaintext() {
        String plain = "{\"login\":\"deploy\",\"password\":\"pässwörd with ünicode ✓\"}";
        assertThat(secrets.decrypt(secrets.encrypt(plain))).isEqualTo(plain);
        assertThat(secrets.decrypt(secrets.encrypt(""))).isEmpty();
    }

    @Test
    void encrypt_isNonceCiphertextTag_andNeverThePlaintext() {
        String plain = "hunter2-hunter2";
        String a = secrets.encrypt(plain);
        String b = secrets.encrypt(plain);
        assertThat(a).isNotEqualTo(b); // random nonce each time
        byte[] raw = Base64.getDecoder().decode(a);
        assertThat(raw).hasSize(12 + plain.getBytes(StandardCharsets.UTF_8).length + 16);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(plain);
        assertThat(a).doesNotContain(plain);
    }

    @Test
    void decrypt_withAnotherKey_failsWithClearMessage() {
        String sealed = secrets.encrypt("secret");
        assertThatThrownBy(() -> new Secrets(newKey()).decrypt(sealed))
                .isInstanceOf(Secrets.SecretUnreadableException.class)
                .hasMessage("Cannot decrypt a stored secret; perhaps access_key_encryption was changed");
    }

    @Test
    void decrypt_tamperedCiphertext_fails() {
        byte[] raw = Base64.getDecoder().decode(secrets.encrypt("transfer 100 to alice"));
        raw[14] ^= 0x01;
        String tampered = Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> secrets.decrypt(tampered)).isInstanceOf(Secrets.SecretUnreadableException.class)
                .hasMessageContaining("Cannot decrypt");
    }

    @Test
    void decrypt_garbage_failsWithTheSameMessage() {
        assertThatThrownBy(() -> secrets.decrypt("not base64 at all!")).isInstanceOf(Secrets.SecretUnreadableException.class);
        assertThatThrownBy(() -> secrets.decrypt("AAAA")).isInstanceOf(Secrets.SecretUnreadableException.class);
    }

    @Test
    void constructor_withoutKey_isRefused() {
        assertThatThrownBy(() -> new Secrets("")).hasMessageContaining("access_key_encryption is not set");
    }

    @Test
    void recordsHoldingSecrets_hideThemInToString() {
        assertThat(new SshKey("root", "pass-phrase", "-----BEGIN KEY").toString()).contains("root")
                .doesNotContain("pass-phrase").doesNotContain("BEGIN");
        assertThat(new LoginPassword("bob", "s3cr3t").toString()).contains("bob").doesNotContain("s3cr3t");
        assertThat(new KeyRequest(1, "k", "ssh", 1, new SshKey("u", "pp", "PK"), new LoginPassword("l", "pw"), true).toString())
                .doesNotContain("pp").doesNotContain("PK").doesNotContain("pw");
        assertThat(new DecryptedKey(1, "k", KeyType.SSH, "u", "pw1", "pp1", "pk1", "v1").toString())
                .doesNotContain("pw1").doesNotContain("pp1").doesNotContain("pk1").doesNotContain("v1");
    }
}
