package io.semaphore.notification;

/** One way to tell people about a task's end. */
public interface Notifier {
    /** Name in logs, events and the test route (slack, telegram, ...). */
    String name();

    /** Whether the configuration turns it on. */
    boolean enabled();

    /** Sends one message; throws with a message fit for the project's events (no secret in it) when that fails. */
    void send(Notification n) throws Exception;
}
