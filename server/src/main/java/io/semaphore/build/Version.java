package io.semaphore.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: version, git commit and build date, from {@code build-info.properties}, which Maven writes at
 * build time (server/pom.xml). Run from classes that Maven did not build, the version is "development" and the
 * commit and date "unknown"; a build from a source tarball without .git has the version and date, commit "unknown".
 */
public final class Version {
    private static final String UNKNOWN = "unknown";
    private static final Properties BUILD = read();

    public static final String VERSION = value("version", "development");
    public static final String COMMIT = value("commit", UNKNOWN);
    public static final String BUILD_DATE = value("build_date", UNKNOWN);

    private Version() {}

    /** One line for people and logs, version first: {@code 1.2.0 (commit 0123abcd4567, built 2025-01-31T12:00:00Z)}. */
    public static String describe() {
        return VERSION + " (commit " + COMMIT + ", built " + BUILD_DATE + ")";
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the fallbacks
        }
        return p;
    }

    private static String value(String key, String fallback) {
        String v = BUILD.getProperty(key, "").trim();
        return v.isEmpty() || v.contains("${") ? fallback : v;
    }
}
