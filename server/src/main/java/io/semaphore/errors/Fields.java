package io.semaphore.errors;

/** The checks every request body shares, so each message reads the same everywhere. */
public final class Fields {
    private Fields() {}

    /** A required, trimmed text field of at most {@code max} characters. */
    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("Field '" + field + "' is required");
        }
        if (value.length() > max) {
            throw new ValidationException("Field '" + field + "' is longer than " + max + " characters");
        }
        return value.trim();
    }

    /** A {@code project_id} sent in a body must be the project of the URL (or absent). */
    public static void sameProject(int projectId, Integer bodyProjectId) {
        if (bodyProjectId != null && bodyProjectId != 0 && bodyProjectId != projectId) {
            throw new ValidationException("Field 'project_id' (" + bodyProjectId + ") does not match the project in the URL ("
                    + projectId + ")");
        }
    }
}
