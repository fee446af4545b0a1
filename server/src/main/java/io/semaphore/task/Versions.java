package io.semaphore.task;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build version numbering as Semaphore does it: the last run of digits in {@code start_version} is the counter;
 * the next version is the previous one plus one when prefix and suffix match, but never below the start.
 * {@code 1.0.0} → {@code 1.0.1} → {@code 1.0.2}; {@code v7-rc} → {@code v8-rc}.
 */
final class Versions {
    private static final Pattern PARTS = Pattern.compile("^(.*[^\\d])?(\\d+)([^\\d].*)?$");

    private Versions() {}

    static String next(String start, String previous) {
        Matcher s = PARTS.matcher(start);
        if (!s.matches()) {
            return start;
        }
        if (previous == null) {
            return start;
        }
        Matcher p = PARTS.matcher(previous);
        if (!p.matches() || !same(s.group(1), p.group(1)) || !same(s.group(3), p.group(3))) {
            return start;
        }
        long startNumber = Long.parseLong(s.group(2));
        long next = Math.max(startNumber, Long.parseLong(p.group(2)) + 1);
        return nz(s.group(1)) + next + nz(s.group(3));
    }

    private static boolean same(String a, String b) {
        return nz(a).equals(nz(b));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
