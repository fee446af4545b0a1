package io.semaphore.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encoder of the server log (logback.xml): text lines by the pattern, or with {@code log_format: json} (or
 * {@code SEMAPHORE_LOG_FORMAT=json}) one JSON object per line: {@code time} (ISO-8601 UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, every MDC entry ({@code request_id} inside an HTTP request, the
 * fields of an access log line), and {@code exception} (the stack trace) when there is one. The form is switched
 * for every appender at once by {@link #useFormat}: the environment variable holds from the first line, the
 * config key from the moment the server has read its config.
 */
public final class ServerLogEncoder extends EncoderBase<ILoggingEvent> {
    /** The forms of the server log; {@code log_format}'s allowed values. */
    public enum Format { TEXT, JSON }

    private static final JsonFactory JSON = new JsonFactory();
    private static volatile Format format = fromEnvironment();

    private final PatternLayout text = new PatternLayout();
    private String pattern = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

    /** Switches every server log line from now on to {@code format}. */
    public static void useFormat(Format chosen) {
        format = chosen;
    }

    public static Format format() {
        return format;
    }

    /** "json" or "text" (any case; blank: {@code fallback}); anything else is an IllegalArgumentException. */
    public static Format parse(String value, Format fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "text" -> Format.TEXT;
            default -> throw new IllegalArgumentException(value);
        };
    }

    /** SEMAPHORE_LOG_FORMAT, read before any line is written; a wrong value is text here and refused by the config. */
    private static Format fromEnvironment() {
        try {
            return parse(System.getenv("SEMAPHORE_LOG_FORMAT"), Format.TEXT);
        } catch (IllegalArgumentException e) {
            return Format.TEXT;
        }
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        text.setContext(getContext());
        text.setPattern(pattern);
        text.start();
        super.start();
    }

    @Override
    public void stop() {
        text.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (format == Format.TEXT) {
            return text.doLayout(event).getBytes(StandardCharsets.UTF_8);
        }
        return json(event);
    }

    static byte[] json(ILoggingEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (var e : new TreeMap<>(mdc).entrySet()) {
                    if (!Fields.RESERVED.contains(e.getKey())) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: the generator writes to memory
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The names of the fixed fields, which an MDC entry of the same name may not overwrite. */
    private static final class Fields {
        static final java.util.Set<String> RESERVED =
                java.util.Set.of("time", "level", "logger", "thread", "message", "exception");
    }
}
