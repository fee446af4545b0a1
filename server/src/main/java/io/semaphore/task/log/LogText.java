package io.semaphore.task.log;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/** Output lines as people read them: without terminal escape codes, with times before them when asked. */
public final class LogText {
    /** CSI sequences (colours, cursor moves), OSC sequences (titles, links) and other two-byte escapes. */
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");

    private LogText() {}

    /** The text without ANSI escape sequences. */
    public static String withoutAnsi(String text) {
        return text.indexOf('\u001B') < 0 ? text : ANSI.matcher(text).replaceAll("");
    }

    /** How lines of a raw download are prefixed with their time. */
    public enum Timestamps {
        NONE, WALL, RELATIVE;

        /** From the {@code timestamps} query value: absent/none, wall (UTC), relative (to the task's start). */
        public static Timestamps parse(String value) {
            if (value == null || value.isBlank() || value.equals("none")) {
                return NONE;
            }
            return switch (value) {
                case "wall" -> WALL;
                case "relative" -> RELATIVE;
                default -> throw new IllegalArgumentException(value);
            };
        }

        /** The prefix for a line written at {@code time} of a task started at {@code start} (may be null). */
        public String prefix(Instant time, Instant start) {
            return switch (this) {
                case NONE -> "";
                case WALL -> time + " ";
                case RELATIVE -> relative(Duration.between(start == null ? time : start, time)) + " ";
            };
        }

        private static String relative(Duration d) {
            long ms = d.toMillis();
            String sign = ms < 0 ? "-" : "+";
            ms = Math.abs(ms);
            return String.format(Locale.ROOT, "%s%02d:%02d:%02d.%03d", sign, ms / 3_600_000, ms / 60_000 % 60,
                    ms / 1000 % 60, ms % 1000);
        }
    }
}
