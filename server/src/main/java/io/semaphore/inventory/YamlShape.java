package io.semaphore.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A structural check of a YAML inventory, made without a YAML library (none is on the server's classpath). It
 * follows the block structure line by line and refuses what a YAML parser or Ansible would refuse: a root that is
 * not a mapping of groups (a list, an INI {@code [section]}, bare text), tabs in indentation, a line that matches no
 * enclosing indentation, entries nested under a line that already has a value, a bare line among {@code key: value}
 * entries (such as {@code host:port} without a space), {@code a: b: c}, and brackets or quotes never closed. It does
 * not resolve anchors, tags or complex ({@code ? }) keys and accepts some YAML it cannot fully check; valid YAML is
 * never refused on purpose.
 */
final class YamlShape {
    private enum Kind { MAP, SEQ, TEXT }

    private static final class Level {
        final int indent;
        final Kind kind;
        boolean listRun;

        Level(int indent, Kind kind) {
            this.indent = indent;
            this.kind = kind;
        }
    }

    private final List<Level> levels = new ArrayList<>();
    private boolean seen;
    /** Lines of a block scalar ({@code |} or {@code >}) are indented more than this; -1 outside one. */
    private int blockScalarParent = -1;
    /** A flow collection or quoted text still open at the end of a line, and the line where it opened. */
    private int flowDepth;
    private char quote;
    private int openedAt;
    /** The previous entry ended with {@code key:} or {@code -} and nothing after it, at {@link #openerIndent}. */
    private boolean prevOpens;
    private int openerIndent = -1;
    /** The previous entry ended with plain text, which may go on on more indented lines. */
    private boolean prevText;

    private YamlShape() {}

    /** Empty when the text has the shape of a YAML mapping; otherwise what is wrong, naming the line. */
    static Optional<String> problem(String text) {
        return Optional.ofNullable(new YamlShape().check(text));
    }

    private String check(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String error = line(lines[i], i + 1);
            if (error != null) {
                return "line " + (i + 1) + ": " + error;
            }
        }
        if (quote != 0) {
            return "line " + openedAt + ": the quoted text that starts here is never closed";
        }
        if (flowDepth > 0) {
            return "line " + openedAt + ": the [ or { that opens here is never closed";
        }
        return null;
    }

    private String line(String raw, int n) {
        if (blockScalarParent >= 0) {
            if (raw.isBlank() || YamlText.indent(raw) > blockScalarParent) {
                return null;
            }
            blockScalarParent = -1;
        }
        if (quote != 0 || flowDepth > 0) {
            return scan(raw, 0);
        }
        int ind = YamlText.indent(raw);
        String content = YamlText.stripComment(raw.substring(ind));
        if (content.isEmpty() || (ind == 0 && content.startsWith("%"))) {
            return null;
        }
        if (content.equals("---") || content.equals("...") || content.startsWith("--- ")) {
            if (seen && !content.equals("...")) {
                return "a second YAML document starts here; an inventory is a single document";
            }
            if (!content.startsWith("--- ")) {
                return null;
            }
            content = content.substring(4).strip();
            ind = 0;
        }
        int lead = 0;
        while (lead < raw.length() && (raw.charAt(lead) == ' ' || raw.charAt(lead) == '\t')) {
            lead++;
        }
        if (raw.substring(0, lead).indexOf('\t') >= 0) {
            return "it is indented with a tab; YAML indentation must be spaces";
        }
        return entry(ind, content, n);
    }

    private String entry(int ind, String content, int n) {
        Kind kind = kindOf(content);
        if (!seen) {
            seen = true;
            String root = root(kind, content);
            if (root != null) {
                return root;
            }
        }
        boolean popped = false;
        while (!levels.isEmpty() && top().indent > ind) {
            levels.removeLast();
            popped = true;
        }
        if (!levels.isEmpty() && top().indent == ind) {
            String error = sibling(top(), ind, kind, content);
            if (error != null) {
                return error;
            }
        } else {
            if (popped) {
                return "it is indented by " + ind + " spaces, which matches none of the lines above it could belong to"
                        + " (open levels: " + levels.stream().map(l -> String.valueOf(l.indent)).toList() + ")";
            }
            if (!levels.isEmpty()) {
                if (prevText && kind == Kind.TEXT) {
                    return null; // plain text going on from the line above
                }
                if (!prevOpens) {
                    return "it is indented under a line that already has a value; nested entries go under a 'key:'"
                            + " with nothing after the colon";
                }
            }
            levels.add(new Level(ind, kind));
        }
        return afterEntry(ind, kind, content, n);
    }

    private static String root(Kind kind, String content) {
        if (kind == Kind.SEQ) {
            return "an inventory must be a mapping of groups such as 'all:', not a list ('- ...')";
        }
        if (content.matches("\\[[^\\]]*]")) {
            return "'" + content + "' is an INI section; use type 'static' for INI inventories, or write YAML such as"
                    + " 'all:' followed by indented 'hosts:'";
        }
        if (kind == Kind.TEXT && !content.startsWith("{")) {
            return "an inventory must be a mapping of groups such as 'all:' followed by indented 'hosts:'; found '"
                    + YamlText.abbreviate(content) + "'";
        }
        return null;
    }

    private String sibling(Level top, int ind, Kind kind, String content) {
        switch (top.kind) {
            case TEXT -> {
                if (kind != Kind.TEXT) {
                    return "a 'key:' or '- item' cannot follow text at the same indentation";
                }
            }
            case SEQ -> {
                if (kind != Kind.SEQ) {
                    return "expected '- item' like the entries above at this indentation, found '" + YamlText.abbreviate(content) + "'";
                }
            }
            case MAP -> {
                if (kind == Kind.MAP) {
                    top.listRun = false;
                } else if (kind == Kind.SEQ && (top.listRun || (prevOpens && openerIndent == ind))) {
                    top.listRun = true;
                } else if (kind == Kind.SEQ) {
                    return "a list item cannot start here: the entries above at this indentation are 'key: value' pairs";
                } else {
                    return "expected 'key: value' like the entries above at this indentation, found '" + YamlText.abbreviate(content)
                            + "'" + (content.contains(":") ? " (a ':' must be followed by a space)" : "");
                }
            }
        }
        return null;
    }

    private String afterEntry(int ind, Kind kind, String content, int n) {
        prevOpens = false;
        prevText = false;
        openedAt = n;
        switch (kind) {
            case SEQ -> {
                String rest = content.equals("-") ? "" : content.substring(2);
                int col = ind + 2 + YamlText.indent(rest);
                rest = rest.strip();
                if (rest.isEmpty()) {
                    prevOpens = true;
                    openerIndent = -1;
                    return null;
                }
                Kind inner = kindOf(rest);
                if (inner == Kind.TEXT) {
                    return value(rest, ind);
                }
                levels.add(new Level(col, inner));
                return afterEntry(col, inner, rest, n);
            }
            case MAP -> {
                return value(content.substring(YamlText.keyEnd(content) + 1).strip(), ind);
            }
            default -> {
                return value(content, ind);
            }
        }
    }

    /** The value after {@code key:} or {@code -}, or a line of text; {@code owner} is the indentation of its key. */
    private String value(String v, int owner) {
        while (!v.isEmpty() && (v.charAt(0) == '&' || v.charAt(0) == '!')) {
            int end = v.indexOf(' ');
            v = end < 0 ? "" : v.substring(end).strip();
        }
        if (v.isEmpty()) {
            prevOpens = true;
            openerIndent = owner;
            return null;
        }
        char c = v.charAt(0);
        if (c == '|' || c == '>') {
            if (!v.matches("[|>][0-9+-]{0,2}")) {
                return "after '" + c + "' only an indentation or chomping indicator may follow, not '" + v.substring(1).strip() + "'";
            }
            blockScalarParent = owner;
            return null;
        }
        if (c == '[' || c == '{' || c == '"' || c == '\'') {
            return scan(v, 0);
        }
        if (c == '@' || c == '`') {
            return "a value cannot start with '" + c + "'; put it in quotes";
        }
        if (v.contains(": ") || v.endsWith(":")) {
            return "'" + YamlText.abbreviate(v) + "' is not a valid value: put it in quotes, or move the nested entry to its own"
                    + " indented line";
        }
        prevText = c != '*';
        return null;
    }

    /** Follows brackets and quotes from {@code from}; the state carries over to the next line while open. */
    private String scan(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (quote == '"' && c == '\\') {
                    i++;
                } else if (c == quote && quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    if (flowDepth == 0) {
                        return trailing(s, i + 1, "closing quote");
                    }
                }
                continue;
            }
            if (c == '#' && (i == 0 || YamlText.isWhite(s.charAt(i - 1)))) {
                return null;
            }
            if ((c == '"' || c == '\'') && (i == 0 || " \t[{,:".indexOf(s.charAt(i - 1)) >= 0)) {
                quote = c;
            } else if (c == '[' || c == '{') {
                flowDepth++;
            } else if (c == ']' || c == '}') {
                if (--flowDepth < 0) {
                    return "'" + c + "' has no matching opening bracket";
                }
                if (flowDepth == 0) {
                    return trailing(s, i + 1, "closing '" + c + "'");
                }
            }
        }
        return null;
    }

    private static String trailing(String s, int from, String after) {
        String rest = YamlText.stripComment(s.substring(from)).strip();
        if (rest.isEmpty()) {
            return null;
        }
        return "unexpected '" + YamlText.abbreviate(rest) + "' after the " + after;
    }

    private static Kind kindOf(String content) {
        if (content.equals("-") || content.startsWith("- ") || content.startsWith("-\t")) {
            return Kind.SEQ;
        }
        return YamlText.keyEnd(content) >= 0 ? Kind.MAP : Kind.TEXT;
    }

    private Level top() {
        return levels.getLast();
    }
}
