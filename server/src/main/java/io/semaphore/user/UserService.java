package io.semaphore.user;

import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** User accounts: the rules of who may create, change and delete whom, shared by the API and the CLI. */
public final class UserService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern LOGIN = Pattern.compile("^[^\\s]{1,255}$");

    private final UserStore users;
    private final Clock clock;

    public UserService(UserStore users, Clock clock) {
        this.users = users;
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
        if (!external && (r.password() == null || r.password().isEmpty())) {
            throw new ValidationException("Field 'password' is required");
        }
        ensureFree(username, email, 0);
        User u = new User(0, UserStore.now(clock), username, name, email, Boolean.TRUE.equals(r.admin()), external,
                Boolean.TRUE.equals(r.alert()));
        return users.insert(u, external ? "" : Passwords.hash(r.password()));
    }

    /** {@code POST /api/users}: admins only. */
    public User create(User actor, UserRequest r) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only administrators can create users");
        }
        return create(r);
    }

    /** {@code PUT /api/users/{id}}: admins change anyone; others only themselves and never their admin flag. */
    public void update(User actor, int id, UserRequest r) {
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
        users.update(new User(id, old.created(), username, name, email, admin, old.external(),
                r.alert() == null ? old.alert() : r.alert()));
        if (r.password() != null && !r.password().isEmpty()) {
            setPassword(actor, id, r.password());
        }
    }

    /** Changes a password without an actor (CLI). */
    public void setPassword(int id, String password) {
        User u = get(id);
        if (u.external()) {
            throw new ValidationException("User " + u.username() + " signs in through LDAP or OpenID and has no password here");
        }
        if (password == null || password.isEmpty()) {
            throw new ValidationException("Field 'password' is required");
        }
        users.setPassword(id, Passwords.hash(password));
    }

    /** {@code POST /api/users/{id}/password}. */
    public void setPassword(User actor, int id, String password) {
        if (!actor.admin() && actor.id() != id) {
            throw new ForbiddenException("You can only change your own password");
        }
        setPassword(id, password);
    }

    /** Deletes without an actor (CLI); the last administrator stays. */
    public void delete(int id) {
        User u = get(id);
        if (u.admin() && users.countAdmins() <= 1) {
            throw new ConflictException("User " + u.username() + " is the last administrator and cannot be deleted");
        }
        users.delete(id);
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
