package io.semaphore.repository;

import io.semaphore.errors.ValidationException;

/**
 * The rule for a path inside a repository that a task hands to a program: a playbook, a script, a Terraform folder,
 * a vault script or an inventory file. It must stay inside the repository, and must not start with '-': the program
 * would read such a name as an option (a script named "-c" made {@code bash -c ...} run the extra variables as a
 * command).
 */
public final class RepositoryPath {
    private RepositoryPath() {}

    /**
     * Returns {@code path} unchanged when it is relative, inside the repository and not option-like; 400 naming
     * {@code field} otherwise. {@code example} shows a valid value in the message; {@code rootAllowed} lets "." (and
     * the like) name the repository's root folder (a Terraform folder).
     */
    public static String check(String field, String path, String example, boolean rootAllowed) {
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ValidationException("Field '" + field + "' must not contain control characters such as line breaks");
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || path.matches("^[A-Za-z]:.*")) {
            throw new ValidationException("Field '" + field + "' must be a path relative to the repository root, such as "
                    + example + ", not '" + path + "'");
        }
        if (path.startsWith("-")) {
            throw new ValidationException("Field '" + field + "' '" + path + "' starts with '-', which the program would"
                    + " read as an option; rename it in the repository so that it does not start with '-'");
        }
        int depth = 0;
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    throw new ValidationException("Field '" + field + "' '" + path + "' leads outside the repository:"
                            + " '..' goes above its root");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        if (depth == 0 && !rootAllowed) {
            throw new ValidationException("Field '" + field + "' '" + path + "' names the repository root, not a file in it");
        }
        return path;
    }
}
