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

    /** An {@code id} sent in a body must be the object of the URL (or absent); {@code what} names it, e.g. "Key". */
    public static void sameId(String what, Integer bodyId, int urlId) {
        if (bodyId != null && bodyId != 0 && bodyId != urlId) {
            throw new ValidationException(what + " id in the body (" + bodyId + ") does not match the URL (" + urlId + ")");
        }
    }

    /**
     * A whole number field of 0 or more, 0 when absent; {@code zeroMeans} ("no limit", or null) is said in the
     * message.
     */
    public static int zeroOrMore(String field, Integer value, String zeroMeans) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new ValidationException("Field '" + field + "' must be 0" + (zeroMeans == null ? "" : " (" + zeroMeans + ")")
                    + " or more");
        }
        return value;
    }

    /** How a list is ordered: the column a {@code ?sort=} value stands for, and {@code ?order=desc}. */
    public record ListOrder(String column, boolean descending) {
        /**
         * {@code sort} (absent: the first of {@code columns}) must be a key of {@code columns}, which maps each to a
         * column chosen by the area (never user text) in the order the message lists them; {@code order} is asc
         * (default) or desc. Anything else is a 400 naming what is allowed.
         */
        public static ListOrder of(String sort, String order, java.util.SequencedMap<String, String> columns) {
            String column = columns.get(sort == null || sort.isEmpty() ? columns.firstEntry().getKey() : sort);
            if (column == null) {
                throw new ValidationException("Query parameter 'sort' is '" + sort + "'; allowed: "
                        + String.join(", ", columns.keySet()));
            }
            boolean desc;
            if (order == null || order.isEmpty() || order.equalsIgnoreCase("asc")) {
                desc = false;
            } else if (order.equalsIgnoreCase("desc")) {
                desc = true;
            } else {
                throw new ValidationException("Query parameter 'order' is '" + order + "'; allowed: asc, desc");
            }
            return new ListOrder(column, desc);
        }

        /** {@code ?sort=} values and their columns, in pairs, in the order an error message lists them. */
        public static java.util.SequencedMap<String, String> columns(String... sortAndColumn) {
            var columns = new java.util.LinkedHashMap<String, String>();
            for (int i = 0; i + 1 < sortAndColumn.length; i += 2) {
                columns.put(sortAndColumn[i], sortAndColumn[i + 1]);
            }
            return java.util.Collections.unmodifiableSequencedMap(columns);
        }
    }
}
