package io.semaphore.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rotating access_key_encryption ({@code semaphore vault rekey}) on each database. */
class SecretsRekeyTest extends ServerOnEachDatabase {

    @Test
    void rekey_rewritesEverySecret_onceAndAllOrNothing() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Rekey " + db);
        assertThat(admin.post("/api/project/" + p + "/keys", Map.of("name", "deploy", "type", "login_password",
                "login_password", Map.of("login", "deploy", "password", "key-pw-" + db))).status()).isEqualTo(204);
        assertThat(admin.post("/api/project/" + p + "/environment", Map.of("name", "Prod", "json", "{}",
                "password", "vault-pw-" + db, "secrets", List.of(Map.of("operation", "create", "type", "env",
                        "name", "TOKEN", "secret", "env-secret-" + db)))).status()).isEqualTo(204);
        Secrets old = server.services().secrets();
        Secrets fresh = new Secrets(randomKey());
        List<String> before = stored();
        assertThat(before).hasSizeGreaterThanOrEqualTo(3).allSatisfy(v -> old.decrypt(v));

        // A wrong old key: stops at the first value neither key opens, and changes nothing
        assertThatThrownBy(() -> SecretsRekey.run(server.services().db(), new Secrets(randomKey()), fresh))
                .isInstanceOf(Secrets.SecretUnreadableException.class).hasMessageContaining("nothing was changed");
        assertThat(stored()).isEqualTo(before);

        Map<String, Integer> counts = SecretsRekey.run(server.services().db(), old, fresh);
        assertThat(counts.get("access_key")).isGreaterThanOrEqualTo(2); // the key and the environment's secret
        assertThat(counts.get("project__environment")).isEqualTo(1);
        List<String> after = stored();
        assertThat(after).hasSameSizeAs(before).allSatisfy(v -> {
            fresh.decrypt(v);
            assertThatThrownBy(() -> old.decrypt(v)).isInstanceOf(Secrets.SecretUnreadableException.class);
        });
        assertThat(after.stream().map(fresh::decrypt).toList())
                .containsAll(List.of("vault-pw-" + db, "env-secret-" + db));

        // Again: everything already opens with the current key, nothing is rewritten
        assertThat(SecretsRekey.run(server.services().db(), old, fresh).values()).containsOnly(0);
        assertThat(stored()).isEqualTo(after);
    }

    private static List<String> stored() {
        return server.services().db().read(h -> h.createQuery(
                "SELECT secret AS v FROM access_key WHERE secret IS NOT NULL AND secret <> ''"
                        + " UNION ALL SELECT password AS v FROM project__environment WHERE password IS NOT NULL AND password <> ''")
                .mapTo(String.class).list()).stream().sorted().toList();
    }

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
