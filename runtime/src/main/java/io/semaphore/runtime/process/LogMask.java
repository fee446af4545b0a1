package io.semaphore.runtime.process;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value in a line by {@value #MASK}. A multi-line secret (a private key) is also masked line by
 * line, since output is read by lines. Longer secrets are replaced first, so a secret containing another is masked
 * whole.
 */
public final class LogMask {
    public static final String MASK = "********";
    public static final LogMask NONE = new LogMask(List.of());

    private final List<String> secrets;

    private LogMask(List<String> secrets) {
        this.secrets = secrets;
    }

    public static LogMask of(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            all.add(value);
            for (String line : value.split("\\R")) {
                if (!line.isBlank()) {
                    all.add(line);
                    all.add(line.strip());
                }
            }
        }
        return new LogMask(all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    public String apply(String line) {
        String masked = line;
        for (String secret : secrets) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    /** A sink that masks each line before passing it on. */
    public LineSink wrap(LineSink sink) {
        return secrets.isEmpty() ? sink : (time, line) -> sink.line(time, apply(line));
    }

    @Override
    public String toString() {
        return "LogMask[" + secrets.size() + " values]";
    }
}
