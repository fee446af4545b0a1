package io.semaphore.user;

import io.semaphore.db.Database;
import io.semaphore.db.RecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Table {@code "user"}. Logins and emails are stored lowercased, so lookups compare lowercase. */
public final class UserStore {
    private static final RowMapper<User> MAPPER = RecordMapper.of(User.class);
    private static final String COLUMNS = "id, created, username, name, email, admin, external, alert";

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    public User insert(User u, String passwordHash) {
        return db.tx(h -> {
            int id = h.createUpdate("INSERT INTO \"user\" (created, username, name, email, password, admin, external, alert, pro)"
                            + " VALUES (:created, :username, :name, :email, :password, :admin, :external, :alert, FALSE)")
                    .bind("created", u.created()).bind("username", u.username()).bind("name", u.name())
                    .bind("email", u.email()).bind("password", passwordHash).bind("admin", u.admin())
                    .bind("external", u.external()).bind("alert", u.alert())
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            return new User(id, u.created(), u.username(), u.name(), u.email(), u.admin(), u.external(), u.alert());
        });
    }

    public Optional<User> find(int id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM \"user\" WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** A user and their bcrypt hash ("" for users who sign in elsewhere). */
    public record SignInRow(User user, String passwordHash) {}

    /**
     * By login or email, as the sign-in form's {@code auth} field means either, with the hash: one read, so a
     * sign-in costs the same reads whether or not the user exists.
     */
    public Optional<SignInRow> findForSignIn(String auth) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + ", password FROM \"user\" WHERE username = :a OR email = :a ORDER BY id")
                .bind("a", auth).map((rs, ctx) -> new SignInRow(MAPPER.map(rs, ctx), rs.getString("password"))).findFirst());
    }

    public Optional<User> findByUsername(String username) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM \"user\" WHERE username = :u")
                .bind("u", username).map(MAPPER).findOne());
    }

    public Optional<User> findByEmail(String email) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM \"user\" WHERE email = :e")
                .bind("e", email).map(MAPPER).findOne());
    }

    public List<User> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM \"user\" ORDER BY username").map(MAPPER).list());
    }

    public void update(User u) {
        db.run(h -> h.createUpdate("UPDATE \"user\" SET username = :username, name = :name, email = :email,"
                        + " admin = :admin, alert = :alert WHERE id = :id")
                .bind("username", u.username()).bind("name", u.name()).bind("email", u.email())
                .bind("admin", u.admin()).bind("alert", u.alert()).bind("id", u.id()).execute());
    }

    public void setPassword(int id, String passwordHash) {
        db.run(h -> h.createUpdate("UPDATE \"user\" SET password = :p WHERE id = :id")
                .bind("p", passwordHash).bind("id", id).execute());
    }

    public boolean delete(int id) {
        return db.tx(h -> h.createUpdate("DELETE FROM \"user\" WHERE id = :id").bind("id", id).execute() > 0);
    }

    public int countAdmins() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM \"user\" WHERE admin = TRUE").mapTo(Integer.class).one());
    }

    public int count() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM \"user\"").mapTo(Integer.class).one());
    }

    static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
