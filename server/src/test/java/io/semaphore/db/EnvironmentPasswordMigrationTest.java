package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.key.Secrets;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Up to V4 a variable group's password was stored in clear. The upgrade (V6 widens the column, V6.1 encrypts) must
 * leave no clear value behind and every value decryptable to what it was, the longest allowed included.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class EnvironmentPasswordMigrationTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    private static final Secrets SECRETS = new Secrets(newKey());

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** Migrates to V4, the last version that stored passwords in clear. */
    private static void migrateToV4(Database db) {
        Flyway.configure().dataSource(db.dataSource())
                .locations("classpath:db/migration/" + db.dialect().migrationFolder())
                .target("4").load().migrate();
    }

    private static int insertEnvironment(Handle h, int project, String name, String password) {
        return h.createUpdate("INSERT INTO project__environment (project_id, name, password, json) VALUES (:p, :n, :pw, '{}')")
                .bind("p", project).bind("n", name).bind("pw", password)
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
    }

    private static Map<Integer, String> passwords(Database db) {
        Map<Integer, String> m = new LinkedHashMap<>();
        db.read(h -> h.createQuery("SELECT id, password FROM project__environment ORDER BY id")
                .map((rs, ctx) -> Map.entry(rs.getInt("id"), String.valueOf(rs.getString("password")))).list())
                .forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    @Test
    void clearPasswords_areEncryptedByTheUpgrade() {
        String longest = "p".repeat(200) + "ä".repeat(55); // 255 characters, 310 bytes in UTF-8
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            migrateToV4(db);
            Map<Integer, String> clear = new LinkedHashMap<>();
            db.run(h -> {
                h.createUpdate("INSERT INTO project (created, name) VALUES (:c, 'p')").bind("c", Instant.now()).execute();
                int project = h.createQuery("SELECT MAX(id) FROM project").mapTo(Integer.class).one();
                clear.put(insertEnvironment(h, project, "short", "vault-pass-old"), "vault-pass-old");
                clear.put(insertEnvironment(h, project, "longest", longest), longest);
                clear.put(insertEnvironment(h, project, "none", null), null);
                clear.put(insertEnvironment(h, project, "empty", ""), "");
            });

            assertThat(Migrator.migrate(db, SECRETS::encrypt)).as("V6 and V6.1 applied").isGreaterThanOrEqualTo(2);

            Map<Integer, String> stored = passwords(db);
            for (Map.Entry<Integer, String> e : clear.entrySet()) {
                String now = stored.get(e.getKey());
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    assertThat(now).as("no password stays no password").isEqualTo(String.valueOf(e.getValue()));
                } else {
                    assertThat(now).isNotEqualTo(e.getValue()).doesNotContain(e.getValue());
                    assertThat(SECRETS.decrypt(now)).isEqualTo(e.getValue());
                }
            }
            assertThat(Migrator.migrate(db, SECRETS::encrypt)).as("runs once").isZero();
            assertThat(passwords(db)).isEqualTo(stored);
        }
    }

    @Test
    void clearPasswords_withoutTheKey_failTheUpgrade_sayingWhatIsNeeded() {
        try (TestDatabase tdb = TestDatabase.create(kind, dir);
             Database db = tdb.open()) {
            migrateToV4(db);
            db.run(h -> {
                h.createUpdate("INSERT INTO project (created, name) VALUES (:c, 'p')").bind("c", Instant.now()).execute();
                insertEnvironment(h, h.createQuery("SELECT MAX(id) FROM project").mapTo(Integer.class).one(), "e", "clear-pw");
            });
            assertThatThrownBy(() -> Migrator.migrate(db))
                    .hasMessageContaining("1 variable group password(s) are stored in clear")
                    .hasMessageContaining("access_key_encryption");
            assertThat(passwords(db).values()).as("left as it was, not half done").containsExactly("clear-pw");
        }
    }
}
