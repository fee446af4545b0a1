package io.semaphore.environment;

import io.semaphore.environment.EnvironmentRequest.SecretRequest;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the {@code secrets} of a request into checked changes before anything is written: each item's operation,
 * type and name are valid, ids of updates and deletes are secrets of this environment, and no two secrets of the
 * same type end up with the same name. Items apply in order, so deleting a name and creating it again is fine.
 */
final class SecretChanges {
    /** Names of process environment variables. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Names of extra variables: identifiers, plus '-' which Terraform variables allow. */
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_NAME = 200;

    /** One checked change; {@code value} null on update keeps the stored value. */
    record Change(Op op, int id, String type, String name, String value) {
        @Override
        public String toString() {
            return "Change[op=" + op + ", id=" + id + ", type=" + type + ", name=" + name + ", value="
                    + io.semaphore.key.Hidden.of(value) + "]";
        }
    }

    enum Op { CREATE, UPDATE, DELETE }

    private SecretChanges() {}

    static List<Change> check(List<EnvironmentSecret> existing, List<SecretRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            return List.of();
        }
        // id -> current secret; secrets created by this request get negative ids
        Map<Integer, EnvironmentSecret> current = new LinkedHashMap<>();
        existing.forEach(s -> current.put(s.id(), s));
        List<Change> changes = new ArrayList<>();
        int created = 0;
        for (int i = 0; i < requests.size(); i++) {
            SecretRequest r = requests.get(i);
            String at = "secrets[" + i + "]";
            if (r == null) {
                throw new ValidationException("Field '" + at + "' must be an object");
            }
            Op op = op(at, r.operation());
            if (op == Op.CREATE) {
                String type = type(at, r.type());
                String name = name(at, type, r.name());
                if (r.secret() == null || r.secret().isEmpty()) {
                    throw new ValidationException("Field '" + at + ".secret' is required to create a secret");
                }
                unique(at, current, 0, type, name);
                current.put(--created, new EnvironmentSecret(created, type, name));
                changes.add(new Change(op, 0, type, name, r.secret()));
                continue;
            }
            EnvironmentSecret old = existing(at, current, r.id());
            if (op == Op.DELETE) {
                current.remove(old.id());
                changes.add(new Change(op, old.id(), old.type(), old.name(), null));
                continue;
            }
            String type = r.type() == null ? old.type() : type(at, r.type());
            String name = r.name() == null || r.name().isEmpty() ? old.name() : name(at, type, r.name());
            unique(at, current, old.id(), type, name);
            current.put(old.id(), new EnvironmentSecret(old.id(), type, name));
            changes.add(new Change(op, old.id(), type, name, r.secret() == null || r.secret().isEmpty() ? null : r.secret()));
        }
        return List.copyOf(changes);
    }

    private static Op op(String at, String operation) {
        if (operation == null || operation.isBlank()) {
            throw new ValidationException("Field '" + at + ".operation' is required; allowed: create, update, delete");
        }
        return switch (operation) {
            case "create" -> Op.CREATE;
            case "update" -> Op.UPDATE;
            case "delete" -> Op.DELETE;
            default -> throw new ValidationException("Field '" + at + ".operation' is '" + operation
                    + "'; allowed: create, update, delete");
        };
    }

    private static String type(String at, String type) {
        if (type == null || type.isBlank()) {
            throw new ValidationException("Field '" + at + ".type' is required; allowed: var, env");
        }
        if (!type.equals("var") && !type.equals("env")) {
            throw new ValidationException("Field '" + at + ".type' is '" + type + "'; allowed: var (extra variable),"
                    + " env (environment variable)");
        }
        return type;
    }

    private static String name(String at, String type, String name) {
        if (name == null || name.isEmpty()) {
            throw new ValidationException("Field '" + at + ".name' is required");
        }
        if (name.length() > MAX_NAME) {
            throw new ValidationException("Field '" + at + ".name' is longer than " + MAX_NAME + " characters");
        }
        boolean env = type.equals("env");
        if (!(env ? ENV_NAME : VAR_NAME).matcher(name).matches()) {
            throw new ValidationException("Field '" + at + ".name' is '" + name + "': " + (env
                    ? "an environment variable name has letters, digits and '_' and does not start with a digit"
                    : "a variable name has letters, digits, '_' and '-' and does not start with a digit or '-'"));
        }
        return name;
    }

    private static EnvironmentSecret existing(String at, Map<Integer, EnvironmentSecret> current, Integer id) {
        if (id == null || id <= 0) {
            throw new ValidationException("Field '" + at + ".id' is required to update or delete a secret");
        }
        EnvironmentSecret s = current.get(id);
        if (s == null) {
            throw new ValidationException("Field '" + at + ".id': secret " + id + " is not a secret of this environment");
        }
        return s;
    }

    private static void unique(String at, Map<Integer, EnvironmentSecret> current, int self, String type, String name) {
        for (EnvironmentSecret s : current.values()) {
            if (s.id() != self && s.type().equals(type) && s.name().equals(name)) {
                String msg = "A secret " + type + " '" + name + "' already exists in this environment (" + at + ")";
                if (s.id() < 0) {
                    throw new ValidationException("Field '" + at + "' repeats secret " + type + " '" + name
                            + "' of an earlier item");
                }
                throw new ConflictException(msg);
            }
        }
    }
}
