package io.semaphore.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.semaphore.errors.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule's {@code cron_format} as Semaphore accepts it (robfig/cron's standard parser): five fields
 * {@code minute hour day-of-month month day-of-week}, or one of the descriptors {@code @yearly @annually @monthly
 * @weekly @daily @midnight @hourly} and {@code @every <duration>} (Go durations such as {@code 90s}, {@code 1h30m}).
 * Times are read in the configured zone, so {@code 0 6 * * *} means 06:00 there, daylight saving time included.
 */
public final class CronExpression {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

    private final String text;
    private final Cron cron;       // null for @every
    private final Duration every;  // null for calendar expressions

    private CronExpression(String text, Cron cron, Duration every) {
        this.text = text;
        this.cron = cron;
        this.every = every;
    }

    /** Parses or throws a {@link ValidationException} (a 400) that says what is wrong. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("Field 'cron_format' is required: five fields 'minute hour day-of-month month"
                    + " day-of-week', such as '30 2 * * *' (02:30 every day)");
        }
        String t = text.trim().replaceAll("\\s+", " ");
        if (t.startsWith("@")) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith("@every ")) {
                return new CronExpression(t, null, goDuration(t.substring(7).trim()));
            }
            String spec = DESCRIPTORS.get(lower);
            if (spec == null) {
                throw new ValidationException("Cron expression '" + t + "' is not valid: unknown descriptor; allowed:"
                        + " @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>");
            }
            return new CronExpression(t, PARSER.parse(spec), null);
        }
        String[] fields = t.split(" ");
        if (fields.length != 5) {
            throw new ValidationException("Cron expression '" + t + "' is not valid: it has " + fields.length
                    + " fields, expected 5 (minute hour day-of-month month day-of-week), such as '30 2 * * *'");
        }
        try {
            Cron cron = PARSER.parse(t);
            cron.validate();
            return new CronExpression(t, cron, null);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Cron expression '" + t + "' is not valid: " + e.getMessage());
        }
    }

    private static Duration goDuration(String s) {
        Matcher m = GO_DURATION_PART.matcher(s);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            long nanos = (long) (n * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                default -> 1e6;
            });
            d = d.plusNanos(nanos);
            end = m.end();
        }
        if (s.isEmpty() || end != s.length()) {
            throw new ValidationException("Cron expression '@every " + s + "' is not valid: the duration must be like"
                    + " 90s, 15m or 1h30m");
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException("Cron expression '@every " + s + "' is not valid: the interval must be at"
                    + " least one second");
        }
        return d;
    }

    /** The first due time strictly after {@code after}, in {@code zone}; empty when there is none (Feb 30). */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        if (every != null) {
            // As robfig's @every: a constant delay, whole seconds.
            Instant next = after.plus(every);
            return Optional.of(next.minusNanos(next.getNano()));
        }
        return ExecutionTime.forCron(cron).nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    /** People's words for the expression, such as "at 02:30" (English). */
    public String describe() {
        if (every != null) {
            return "every " + text.substring(7).trim();
        }
        return CronDescriptor.instance(Locale.ENGLISH).describe(cron);
    }

    @Override
    public String toString() {
        return text;
    }
}
