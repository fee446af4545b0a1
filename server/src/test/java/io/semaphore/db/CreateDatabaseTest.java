package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.semaphore.config.DbConfig;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A configured PostgreSQL or MariaDB database that is not there yet is created at start; an existing one is left
 * alone; an unreachable server is left for the pool to report. SQLite makes its file itself.
 */
@ParameterizedClass
@EnumSource(value = DbKind.class, names = {"POSTGRES", "MYSQL"})
class CreateDatabaseTest {
    @Parameter
    DbKind kind;

    @TempDir
    Path dir;

    @Test
    void aMissingDatabase_isCreated_andAnExistingOne_isKept() throws SQLException {
        TestDatabase tdb = TestDatabase.create(kind, dir);
        DbConfig config = tdb.config();
        tdb.close(); // dropped: the name is free
        assertThat(connects(config)).isFalse();
        try {
            Dialect dialect = Dialect.of(kind.dialect);
            dialect.createDatabaseIfMissing(config);
            assertThat(connects(config)).isTrue();
            try (Connection c = DriverManager.getConnection(url(config), config.user(), config.pass())) {
                c.createStatement().execute("CREATE TABLE kept (id INT)");
            }
            dialect.createDatabaseIfMissing(config); // exists now: nothing happens to it
            try (Connection c = DriverManager.getConnection(url(config), config.user(), config.pass())) {
                assertThat(c.createStatement().executeQuery("SELECT COUNT(*) FROM kept").next()).isTrue();
            }
        } finally {
            tdb.close();
        }
    }

    @Test
    void anUnreachableServer_isLeftForThePoolToReport() {
        DbConfig nowhere = new DbConfig("127.0.0.1:1", "nobody", "", "sem_test_nowhere", Map.of());
        assertThatCode(() -> Dialect.of(kind.dialect).createDatabaseIfMissing(nowhere)).doesNotThrowAnyException();
    }

    private String url(DbConfig config) {
        return (kind == DbKind.POSTGRES ? "jdbc:postgresql://" : "jdbc:mariadb://") + config.host() + "/" + config.name();
    }

    private boolean connects(DbConfig config) {
        try (Connection ignored = DriverManager.getConnection(url(config), config.user(), config.pass())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
