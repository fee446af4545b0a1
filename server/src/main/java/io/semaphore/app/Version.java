package io.semaphore.app;

/** The build's version, from the jar manifest (set by Maven); "development" when run from classes. */
public final class Version {
    public static final String VERSION = read();

    private Version() {}

    private static String read() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
