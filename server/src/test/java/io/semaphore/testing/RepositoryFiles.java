package io.semaphore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Files of this repository that tests read (docs/*.md lists), found from the module folder tests run in. */
public final class RepositoryFiles {
    private RepositoryFiles() {}

    /** The repository's root: the nearest folder above the working folder holding scripts/test. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("scripts").resolve("test"))) {
                return d;
            }
        }
        throw new IllegalStateException("No repository root (a folder with scripts/test) above " + dir);
    }

    /**
     * The rows of the first table after the heading {@code heading} (any level) of a Markdown file of the
     * repository: the first column's text in backticks, mapped to the second column (the reason). The header row
     * and the separator are left out.
     */
    public static Map<String, String> table(String file, String heading) {
        Path path = root().resolve(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("#+\\s+" + java.util.regex.Pattern.quote(heading) + "\\s*")) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new IllegalStateException(path + " has no heading '" + heading + "'");
        }
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("(?<!\\\\)\\|", -1);
            String first = cells[0].strip();
            if (!first.startsWith("`") || !first.endsWith("`") || first.length() < 2) {
                continue; // header or separator row
            }
            String key = first.substring(1, first.length() - 1).replace("\\|", "|");
            if (rows.put(key, cells.length > 1 ? cells[1].strip() : "") != null) {
                throw new IllegalStateException(path + " lists `" + key + "` twice");
            }
        }
        return rows;
    }
}
