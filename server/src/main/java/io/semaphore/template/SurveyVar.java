package io.semaphore.template;

import java.util.List;

/**
 * A question asked when a task is started from the template. {@code type} is "" (string), "int", "enum" (one of
 * {@code values}) or "secret" (a string that never reaches the log). Absent texts are "".
 */
public record SurveyVar(String name, String title, String description, String type, boolean required,
                        List<Value> values) {
    public record Value(String name, String value) {
        public Value {
            name = name == null ? "" : name;
            value = value == null ? "" : value;
        }
    }

    public SurveyVar {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        type = type == null ? "" : type;
        values = values == null ? List.of() : List.copyOf(values);
    }
}
