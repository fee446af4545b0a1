package io.semaphore.config;

/** The {@code schedule} block, as Semaphore's: the time zone cron expressions are read in (IANA name, default UTC). */
public record ScheduleConfig(String timezone) {
    public ScheduleConfig {
        timezone = timezone == null || timezone.isBlank() ? "UTC" : timezone.trim();
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig(null);
    }
}
