package io.semaphore.apps;

import java.util.List;

/**
 * One app and its settings, in Semaphore's fields. Title, icon and colours are empty unless set: Semaphore's web
 * client has its own for each app. {@code path} and {@code args} replace the command and its leading arguments.
 */
public record App(String id, boolean active, int priority, String title, String icon, String color, String darkColor,
                  String path, List<String> args) {
    public App {
        args = args == null ? List.of() : List.copyOf(args);
    }
}
