package io.semaphore.user;

import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.db.Database;
import io.semaphore.errors.ValidationException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** User accounts: the rules of who may create, change and delete whom, shared by the API and the CLI. */
public final class UserService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern LOGIN = Pattern.compile("^[^\\s]{1,255}$");

    private final Database db;
    private final UserStore users;
    private final CredentialRevoker revoker;
    private final Clock clock;

    public UserService(Database db, UserStore users, CredentialRevoker revoker, Clock clock) {
        this.db = db;
        this.users = users;
        this.revoker = revoker;
        this.clock = clock;
    }

    public UserStore store() {
        return users;
    }

    public User get(int id) {
        return users.find(id).orElseThrow(() -> new NotFoundException("User " + id + " not found"));
    }

    /** Creates a user; the caller (API route or CLI) has already decided that this is allowed. */
    public User create(UserRequest r) {
        String username = login(r.username());
        String name = required("name", r.name());
        String email = email(r.email());
        boolean external = Boolean.TRUE.equals(r.external());
        // As in Semaphore, a user may be created without a password (one set later, or LDAP/OpenID): with no
        // stored hash, password sign-in fails until POST /api/users/{id}/password sets one.
        boolean withPassword = !external && r.password() != null && !r.password().isEmpty();
        if (withPassword) {
            Passwords.checkLength(r.password());
        }
        ensureFree(username, email, 0);
        User u = new User(0, UserStore.now(clock), username, name, email, Boolean.TRUE.equals(r.admin()), external,
                Boolean.TRUE.equals(r.alert()));
        return users.insert(u, withPassword ? Passwords.hash(r.password()) : "");
    }

    /** {@code POST /api/users}: admins only. */
    public User create(User actor, UserRequest r) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only administrators can create users");
        }
        return create(r);
    }

    /**
     * {@code PUT /api/users/{id}}: admins change anyone; others only themselves and never their admin flag. A
     * non-empty {@code password} also changes the password, which ends the user's sessions and API tokens except
     * {@code actorSessionId}, the session making the change when it is the user's own (null: none, e.g. the CLI).
     */
    public void update(User actor, int id, UserRequest r, Integer actorSessionId) {
        User old = get(id);
        if (!actor.admin() && actor.id() != id) {
            throw new ForbiddenException("You can only change your own profile");
        }
        boolean admin = r.admin() == null ? old.admin() : r.admin();
        if (admin != old.admin() && actor.id() == id) {
            throw new ForbiddenException("You cannot change your own admin flag; ask another administrator");
        }
        String username = r.username() == null ? old.username() : login(r.username());
        if (old.external() && !username.equals(old.username())) {
            throw new ValidationException("The login of a user from LDAP or OpenID cannot be changed");
        }
        String name = r.name() == null ? old.name() : required("name", r.name());
        String email = r.email() == null ? old.email() : email(r.email());
        ensureFree(username, email, id);
        if (!admin && old.admin() && users.countAdmins() <= 1) {
            throw new ConflictException("User " + old.username() + " is the last administrator; make another user admin first");
        }
        // An empty password means "unchanged" (Semaphore's UI sends one with every profile edit).
        String hash = r.password() == null || r.password().isEmpty() ? null : newPasswordHash(old, r.password());
        User changed = new User(id, old.created(), username, name, email, admin, old.external(),
                r.alert() == null ? old.alert() : r.alert());
        db.run(h -> {
            users.update(changed);
            if (hash != null) {
                storePassword(id, hash, actor.id() == id ? actorSessionId : null);
            }
        });
    }

    /**
     * {@code POST /api/users/{id}/password}. A new password ends the user's sessions and API tokens; the session
     * making the change ({@code actorSessionId}) stays signed in when it is the user's own, while an administrator
     * changing someone else's password ends all of that user's sessions.
     */
    public void setPassword(User actor, int id, String password, Integer actorSessionId) {
        if (!actor.admin() && actor.id() != id) {
            throw new ForbiddenException("You can only change your own password");
        }
        String hash = newPasswordHash(get(id), password);
        db.run(h -> storePassword(id, hash, actor.id() == id ? actorSessionId : null));
    }

    /** In the caller's transaction: the new hash and the end of the old sessions commit together. */
    private void storePassword(int id, String hash, Integer keepSessionId) {
        users.setPassword(id, hash);
        revoker.revokeAll(id, keepSessionId);
    }

    /** Checks that {@code u} may have this password and hashes it (slow: outside any transaction). */
    private static String newPasswordHash(User u, String password) {
        if (u.external()) {
            throw new ValidationException("User " + u.username() + " signs in through LDAP or OpenID and has no password here");
        }
        if (password == null || password.isEmpty()) {
            throw new ValidationException("Field 'password' is required");
        }
        return Passwords.hash(password);
    }

    /** Deletes without an actor (CLI); the last administrator stays. */
    public void delete(int id) {
        User u = get(id);
        if (u.admin() && users.countAdmins() <= 1) {
            throw new ConflictException("User " + u.username() + " is the last administrator and cannot be deleted");
        }
        db.run(h -> {
            users.delete(id);
            revoker.revokeAll(id, null);
        });
    }

    /** {@code DELETE /api/users/{id}}: admins, or a user deleting themselves. */
    public void delete(User actor, int id) {
        if (!actor.admin() && actor.id() != id) {
            throw new ForbiddenException("Only administrators can delete other users");
        }
        delete(id);
    }

    public List<User> list() {
        return users.list();
    }

    private void ensureFree(String username, String email, int self) {
        users.findByUsername(username).filter(u -> u.id() != self).ifPresent(u -> {
            throw new ConflictException("A user with login '" + username + "' already exists");
        });
        users.findByEmail(email).filter(u -> u.id() != self).ifPresent(u -> {
            throw new ConflictException("A user with email '" + email + "' already exists");
        });
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("Field '" + field + "' is required");
        }
        return value.trim();
    }

    private static String login(String value) {
        String v = required("username", value).toLowerCase(Locale.ROOT);
        if (!LOGIN.matcher(v).matches()) {
            throw new ValidationException("Field 'username' must not contain spaces");
        }
        return v;
    }

    private static String email(String value) {
        String v = required("email", value).toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(v).matches()) {
            throw new ValidationException("Field 'email' must be an email address such as user@example.com");
        }
        return v;
    }
}
