package io.semaphore.inventory;

/** The lexical pieces {@link YamlShape} needs: keys, quotes, comments and indentation of one YAML line. */
final class YamlText {
    private YamlText() {}

    /** Index of the ':' that ends the key of a {@code key: value} line, or -1. */
    static int keyEnd(String content) {
        if (content.isEmpty() || content.charAt(0) == '[' || content.charAt(0) == '{'
                || (content.charAt(0) == '?' && (content.length() == 1 || isWhite(content.charAt(1))))) {
            return -1;
        }
        int start = 0;
        char q = content.charAt(0);
        if (q == '"' || q == '\'') {
            int close = closingQuote(content, q);
            if (close < 0) {
                return -1;
            }
            start = close + 1;
            while (start < content.length() && isWhite(content.charAt(start))) {
                start++;
            }
            return start < content.length() && content.charAt(start) == ':' && isSeparated(content, start) ? start : -1;
        }
        for (int i = 1; i < content.length(); i++) {
            if (content.charAt(i) == ':' && isSeparated(content, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSeparated(String s, int colon) {
        return colon + 1 == s.length() || isWhite(s.charAt(colon + 1));
    }

    /** Index of the quote that closes the one at index 0 of {@code s}, or -1. */
    static int closingQuote(String s, char q) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q && q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    /** Drops a {@code # comment}; quotes that start a token are skipped so a '#' inside them stays. */
    static String stripComment(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '#' && (i == 0 || isWhite(s.charAt(i - 1)))) {
                return s.substring(0, i).stripTrailing();
            }
            if ((c == '"' || c == '\'') && (i == 0 || " \t[{,".indexOf(s.charAt(i - 1)) >= 0)) {
                int close = closingQuote(s.substring(i), c);
                if (close < 0) {
                    return s.stripTrailing();
                }
                i += close;
            }
        }
        return s.stripTrailing();
    }

    static int indent(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    static boolean isWhite(char c) {
        return c == ' ' || c == '\t';
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
