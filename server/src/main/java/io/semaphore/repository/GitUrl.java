package io.semaphore.repository;

import io.semaphore.errors.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The rules for {@code git_url}, {@code git_branch} and commit hashes. The kind of a URL follows Semaphore: an
 * absolute path is a local repository (used in place, branch optional), {@code http(s)://} is https,
 * {@code ssh://}, {@code git://} and {@code file://} are their scheme, and {@code user@host:path} is ssh. Nothing
 * may start with {@code -}, so no value can be taken by git or ssh for an option. Templates and tasks that choose
 * their own branch or commit use the public checks, so every branch follows the same rules.
 */
public final class GitUrl {
    enum Kind { LOCAL, SSH, HTTPS, GIT, FILE }

    static final String ALLOWED = "ssh://user@host[:port]/path, user@host:path, https://host/path, http://host/path,"
            + " git://host/path, file:///path or an absolute local path such as /srv/repo";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern SCP = Pattern.compile("^([^@\\s/:]+)@([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(.+)$");
    private static final Pattern BAD_REF_CHARS = Pattern.compile("[~^:?*\\[\\\\]");

    private GitUrl() {}

    /** Checks {@code url} (already trimmed, not empty) and tells its kind; 400 naming what is allowed otherwise. */
    static Kind kind(String url) {
        if (hasControl(url)) {
            throw invalid("must not contain control characters such as tabs or line breaks");
        }
        if (url.startsWith("/")) {
            if (url.length() == 1) {
                throw invalid("'/' is not a repository; give the repository's folder, such as /srv/repo");
            }
            return Kind.LOCAL;
        }
        if (url.contains(" ")) {
            throw invalid("must not contain spaces (write them as %20 in a URL)");
        }
        var scheme = SCHEME.matcher(url);
        if (scheme.find()) {
            return switch (scheme.group(1).toLowerCase(java.util.Locale.ROOT)) {
                case "ssh" -> remote(url, Kind.SSH);
                case "https", "http" -> remote(url, Kind.HTTPS);
                case "git" -> remote(url, Kind.GIT);
                case "file" -> file(url);
                default -> throw invalid("uses the unsupported scheme '" + scheme.group(1) + "://'; allowed: " + ALLOWED);
            };
        }
        var scp = SCP.matcher(url);
        if (scp.matches()) {
            if (scp.group(1).startsWith("-") || scp.group(2).startsWith("-")) {
                throw invalid("has a user or host starting with '-', which git would take for an option");
            }
            return Kind.SSH;
        }
        throw invalid("'" + url + "' is not a git URL; allowed: " + ALLOWED);
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
        String problem = branchProblem(b);
        if (problem != null) {
            throw new ValidationException("Field 'git_branch' '" + b + "' is not a valid branch name: " + problem);
        }
        return b;
    }

    /**
     * A branch chosen by a template or a task instead of the repository's: trimmed, or null when blank; 400 when
     * git would refuse the name (the rules of {@link #branch}) or could read it as an option.
     */
    public static String chosenBranch(String branch) {
        if (branch == null || branch.isBlank()) {
            return null;
        }
        String b = branch.trim();
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

    private static Kind remote(String url, Kind kind) {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("'" + url + "' has no valid host (and port, if any: a number from 1 to 65535); allowed: " + ALLOWED);
        }
        if (host.startsWith("-")) {
            throw invalid("has a host starting with '-', which git would take for an option");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("has port " + uri.getPort() + "; ports are numbers from 1 to 65535");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw invalid("'" + url + "' names a host but no repository path, such as " + url.replaceAll("/$", "")
                    + "/group/repo.git");
        }
        return kind;
    }

    private static Kind file(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host != null && !host.isEmpty() && !host.equals("localhost")) {
            throw invalid("file:// URLs name a folder on this server, such as file:///srv/repo; '" + host + "' is a host");
        }
        if (uri.getAuthority() != null && host == null) {
            throw invalid("file:// URLs name a folder on this server, such as file:///srv/repo");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw invalid("'" + url + "' names no folder; write it as file:///srv/repo");
        }
        return Kind.FILE;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("'" + url + "' is not a valid URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static ValidationException invalid(String why) {
        return new ValidationException("Field 'git_url' " + why);
    }
}
