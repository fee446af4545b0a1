package io.semaphore.repository;

import io.semaphore.errors.ValidationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for {@code git_url}, {@code git_branch} and commit hashes. Every form git (and the server's ssh
 * configuration) accepts is allowed: {@code user@host:path}, an ssh {@code Host} alias such as
 * {@code github-work:org/repo.git}, {@code ssh://}, {@code http(s)://} (credentials included), {@code git://},
 * {@code file://} and paths. Refused, because they can never work or are dangerous: whitespace or control
 * characters, a leading {@code -} (git would read an option), the {@code ext::} and {@code fd::} transports (they
 * run a command or use open file descriptors), and an ssh user or host starting with {@code -} (ssh would read an
 * option). Whether the URL names a repository that exists is for git to tell when a task clones it: its own
 * message goes to the task's log. An absolute path is a local repository used in place (branch optional).
 * Templates and tasks that choose their own branch or commit use the public checks, so every branch follows the
 * same rules.
 */
public final class GitUrl {
    enum Kind { LOCAL, REMOTE }

    static final String EXAMPLES = "git@github.com:org/repo.git, ssh://git@host:2222/repo.git,"
            + " https://host/org/repo.git or a path such as /srv/repo";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)");
    /** git's transport::address form, which hands the address to a remote helper named after the transport. */
    private static final Pattern HELPER = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9+.-]*)::");
    /** The scp-like form git uses when a ':' comes before any '/': [user@]host:path. */
    private static final Pattern SCP = Pattern.compile("^(?:([^@/]*)@)?(\\[[^\\]]*]|[^:/\\[]+):");
    private static final Pattern BAD_REF_CHARS = Pattern.compile("[~^:?*\\[\\\\]");

    private GitUrl() {}

    /** Checks {@code url} (already trimmed, not empty) and tells its kind; 400 saying what is wrong otherwise. */
    static Kind kind(String url) {
        if (hasControl(url)) {
            throw invalid("must not contain control characters such as tabs or line breaks");
        }
        if (url.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("must not contain spaces (write them as %20 in a URL)");
        }
        if (url.startsWith("-")) {
            throw invalid("must not start with '-', which git would read as an option; examples: " + EXAMPLES);
        }
        var helper = HELPER.matcher(url);
        if (helper.find()) {
            String transport = helper.group(1).toLowerCase(Locale.ROOT);
            if (transport.equals("ext") || transport.equals("fd")) {
                throw invalid("uses git's '" + transport + "::' transport, which runs a command or uses open file"
                        + " descriptors on this server and is refused; examples: " + EXAMPLES);
            }
            return Kind.REMOTE;
        }
        var scheme = SCHEME.matcher(url);
        if (scheme.find()) {
            requireNoOption(authorityUserAndHost(scheme.group(2)));
            return Kind.REMOTE;
        }
        if (url.startsWith("/")) {
            if (url.length() == 1) {
                throw invalid("'/' is not a repository; give the repository's folder, such as /srv/repo");
            }
            return Kind.LOCAL;
        }
        var scp = SCP.matcher(url);
        if (scp.find()) {
            requireNoOption(new String[] {scp.group(1), scp.group(2)});
        }
        return Kind.REMOTE;
    }

    /** The user and host of a URL's authority ({@code user:password@host:port}), percent-decoded. */
    private static String[] authorityUserAndHost(String authority) {
        int at = authority.lastIndexOf('@');
        String user = at < 0 ? null : authority.substring(0, at);
        if (user != null && user.indexOf(':') >= 0) {
            user = user.substring(0, user.indexOf(':'));
        }
        return new String[] {user, authority.substring(at + 1)};
    }

    /** ssh takes a user or host starting with '-' for an option (git refuses them too, newer versions only). */
    private static void requireNoOption(String[] userAndHost) {
        for (String part : userAndHost) {
            String p = part == null ? null : decode(part);
            if (p != null && (p.startsWith("-") || p.startsWith("[-"))) { // [host] is how IPv6 hosts are written
                throw invalid("has a user or host starting with '-', which ssh would read as an option");
            }
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * Checks the branch of a repository of the given kind and returns it trimmed; {@code ""} for a local repository
     * without one. Names follow git's rules (git check-ref-format).
     */
    static String branch(String branch, Kind kind) {
        String b = branch == null ? "" : branch.trim();
        if (b.isEmpty()) {
            if (kind == Kind.LOCAL) {
                return "";
            }
            throw new ValidationException("Field 'git_branch' is required (the branch to check out, such as main);"
                    + " only a repository at a local path may leave it empty");
        }
        return checkedBranch(b);
    }

    /**
     * A branch chosen by a template or a task instead of the repository's: trimmed, or null when blank; 400 when
     * git would refuse the name (the rules of {@link #branch}) or could read it as an option.
     */
    public static String chosenBranch(String branch) {
        return branch == null || branch.isBlank() ? null : checkedBranch(branch.trim());
    }

    /** The trimmed branch name {@code b} when git accepts it, else 400 with git's rule it breaks. */
    private static String checkedBranch(String b) {
        String problem = branchProblem(b);
        if (problem != null) {
            throw new ValidationException("Field 'git_branch' '" + b + "' is not a valid branch name: " + problem);
        }
        return b;
    }

    /**
     * A commit to check out (a hash, or another name git resolves to a commit): trimmed, or null when blank; 400
     * when it starts with '-' (git would read it as an option) or holds spaces or control characters.
     */
    public static String commitHash(String hash) {
        if (hash == null || hash.isBlank()) {
            return null;
        }
        String h = hash.trim();
        if (h.startsWith("-")) {
            throw new ValidationException("Field 'commit_hash' '" + h + "' starts with '-', which git would read as an"
                    + " option; give a commit hash such as 3f2c1a9");
        }
        if (h.length() > 255 || h.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20 || c == 0x7f)) {
            throw new ValidationException("Field 'commit_hash' must be a commit hash such as 3f2c1a9, without spaces"
                    + " or control characters, of at most 255 characters");
        }
        return h;
    }

    private static String branchProblem(String b) {
        if (b.length() > 255) {
            return "it is longer than 255 characters";
        }
        if (b.startsWith("-")) {
            return "it must not start with '-'";
        }
        if (hasControl(b) || b.contains(" ")) {
            return "it must not contain spaces or control characters";
        }
        if (BAD_REF_CHARS.matcher(b).find()) {
            return "it must not contain ~ ^ : ? * [ or \\";
        }
        if (b.contains("..") || b.contains("@{") || b.contains("//") || b.equals("@")) {
            return "it must not contain '..', '@{' or '//', nor be '@'";
        }
        if (b.startsWith("/") || b.endsWith("/") || b.endsWith(".") || b.endsWith(".lock") || b.contains("/.")
                || b.startsWith(".")) {
            return "no part of it may start with '.', and it must not start or end with '/' or end with '.' or '.lock'";
        }
        return null;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static ValidationException invalid(String why) {
        return new ValidationException("Field 'git_url' " + why);
    }
}
