package io.semaphore.runtime.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobSpec;
import io.semaphore.runtime.job.JobSpec.InventorySpec;
import io.semaphore.runtime.job.KeyMaterial;
import io.semaphore.runtime.ssh.SshAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The inventory of an ansible run and its keys: the {@code -i} file (static text written to the work folder and
 * deleted on close, or a file in the repository), {@code --user=} / {@code --become-user=} (one argument each, so
 * a login cannot be read as an option), an ssh agent for an ssh key, and the passwords of login_password keys.
 * Passwords are answered without a terminal: the extra vars get {@code ansible_password} /
 * {@code ansible_become_password} as env lookups of variables only ansible-playbook's environment holds, so the
 * password is neither on the command line nor in a file (and lookup results are not templated again, so a password
 * containing "{{" stays as it is).
 */
final class AnsibleInventory implements AutoCloseable {
    static final String PASSWORD_VARIABLE = "SEMAPHORE_ANSIBLE_PASSWORD";
    static final String BECOME_PASSWORD_VARIABLE = "SEMAPHORE_ANSIBLE_BECOME_PASSWORD";

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private @Nullable Path writtenFile;
    private @Nullable SshAgent agent;

    private AnsibleInventory() {}

    /** Prepares the inventory; adds the password variables to {@code extraVars}. */
    static AnsibleInventory install(AppContext context, ObjectNode extraVars) throws InterruptedException {
        JobSpec spec = context.spec();
        InventorySpec inventory = spec.inventory();
        if (inventory == null) {
            throw new AppException("Ansible needs an inventory");
        }
        var installed = new AnsibleInventory();
        try {
            installed.args.addAll(List.of("-i", installed.file(context, inventory).toString()));
            installed.userKey(context, inventory.sshKey(), extraVars);
            installed.becomeKey(inventory.becomeKey(), extraVars);
            return installed;
        } catch (RuntimeException | InterruptedException e) {
            installed.close();
            throw e;
        }
    }

    private Path file(AppContext context, InventorySpec inventory) {
        String content = inventory.content() == null ? "" : inventory.content();
        String suffix = switch (inventory.type()) {
            case "static" -> ".ini";
            case "static-yaml" -> ".yml";
            case "file" -> null;
            default -> throw new AppException("Inventory type " + inventory.type() + " cannot be used with ansible");
        };
        if (suffix == null) {
            return context.inRepository(content, "Inventory file");
        }
        Path file = context.spec().workDir().resolve("inventory_" + context.spec().taskId() + suffix);
        try {
            writtenFile = PrivateFiles.writeFile(file, content.endsWith("\n") ? content : content + "\n");
            return file;
        } catch (IOException e) {
            throw new AppException("Cannot write the inventory file " + file + ": " + e.getMessage());
        }
    }

    private void userKey(AppContext context, @Nullable KeyMaterial key, ObjectNode extraVars)
            throws InterruptedException {
        if (key == null || key.type().equals("none")) {
            return;
        }
        if (hasText(key.login())) {
            args.add("--user=" + key.login());
        }
        if (key.type().equals("ssh")) {
            agent = SshAgent.start(context.spec().workDir(), key, context.toolEnv());
            env.put("SSH_AUTH_SOCK", agent.socket().toString());
        } else if (key.type().equals("login_password") && hasText(key.password())) {
            env.put(PASSWORD_VARIABLE, key.password());
            extraVars.put("ansible_password", lookup(PASSWORD_VARIABLE));
        }
    }

    private void becomeKey(@Nullable KeyMaterial key, ObjectNode extraVars) {
        if (key == null || key.type().equals("none")) {
            return;
        }
        if (hasText(key.login())) {
            args.add("--become-user=" + key.login());
        }
        if (key.type().equals("login_password") && hasText(key.password())) {
            env.put(BECOME_PASSWORD_VARIABLE, key.password());
            extraVars.put("ansible_become_password", lookup(BECOME_PASSWORD_VARIABLE));
        }
    }

    private static String lookup(String variable) {
        return "{{ lookup('env', '" + variable + "') }}";
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isEmpty();
    }

    /** {@code -i <file>} then {@code --user=}, {@code --become-user=} as needed. */
    List<String> args() {
        return List.copyOf(args);
    }

    /** SSH_AUTH_SOCK and the password variables for ansible-playbook. */
    Map<String, String> env() {
        return Map.copyOf(env);
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        if (writtenFile != null) {
            PrivateFiles.deleteQuietly(writtenFile);
        }
    }
}
