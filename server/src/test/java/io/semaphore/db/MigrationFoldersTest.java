package io.semaphore.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Flyway folders of the three vendors must stay in step: every version exists once in each of them. */
class MigrationFoldersTest {
    private static final List<String> VENDORS = List.of("sqlite", "postgresql", "mysql");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__\\w+\\.sql");

    @Test
    void vendorFolders_areNotEmpty() throws IOException {
        for (String vendor : VENDORS) {
            assertThat(versions(vendor)).as("Flyway versions in db/migration/%s", vendor).isNotEmpty();
        }
    }

    @Test
    void vendorFolders_listSameVersions() throws IOException {
        List<String> expected = versions(VENDORS.get(0));
        for (String vendor : VENDORS.subList(1, VENDORS.size())) {
            assertThat(versions(vendor)).as("Flyway versions in db/migration/%s compared with %s", vendor, VENDORS.get(0))
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void vendorFolders_holdOnlyVersionedScriptsWithUniqueVersions() throws IOException {
        for (String vendor : VENDORS) {
            List<String> names = sqlFiles(vendor);
            assertThat(names).as("script names in db/migration/%s", vendor)
                    .allSatisfy(name -> assertThat(name).matches(VERSIONED));
            assertThat(versions(vendor)).as("versions in db/migration/%s", vendor).doesNotHaveDuplicates();
        }
    }

    /** The versions of a vendor folder, normalised ("1_1" and "1.1" are the same Flyway version) and sorted. */
    private static List<String> versions(String vendor) throws IOException {
        return sqlFiles(vendor).stream()
                .map(VERSIONED::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1).replace('_', '.'))
                .sorted(MigrationFoldersTest::compareVersions)
                .toList();
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static List<String> sqlFiles(String vendor) throws IOException {
        Path dir = folder(vendor);
        assertThat(dir).as("migration folder of %s", vendor).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
    }

    /** The source folder when run from the module directory (Maven), else the copy on the test classpath. */
    private static Path folder(String vendor) {
        Path source = Path.of("src", "main", "resources", "db", "migration", vendor);
        if (Files.isDirectory(source)) {
            return source;
        }
        URL url = MigrationFoldersTest.class.getClassLoader().getResource("db/migration/" + vendor);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return source;
    }
}
