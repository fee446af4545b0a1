package io.semaphore.runtime.apps;

import io.semaphore.runtime.files.PrivateFiles;
import io.semaphore.runtime.job.JobSpec.VaultSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Vault passwords as {@code --vault-id=name@<script>} (one argument, so no name is read as an option): for a
 * password, a helper script in a private folder that prints an environment variable set only for ansible-playbook
 * (the script holds no secret); for a script vault, the repository's own script. The folder is deleted on close.
 */
final class AnsibleVaults implements AutoCloseable {
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private @Nullable Path folder;

    private AnsibleVaults() {}

    static AnsibleVaults install(AppContext context) {
        var vaults = new AnsibleVaults();
        try {
            int index = 0;
            for (VaultSpec vault : context.spec().vaults()) {
                String name = vault.name() == null || vault.name().isBlank() ? "default" : vault.name();
                if (name.contains("@")) { // ansible splits name@source at the first '@'
                    throw new AppException("Vault name " + name + " contains '@'; rename the vault in the template");
                }
                Path source;
                if (vault.script() != null && !vault.script().isBlank()) {
                    source = context.inRepository(vault.script(), "Vault script");
                } else {
                    String variable = "SEMAPHORE_VAULT_PASSWORD_" + index++;
                    source = PrivateFiles.writeEnvPrinter(vaults.folder(context).resolve(variable.toLowerCase()),
                            variable, "");
                    vaults.env.put(variable, vault.password() == null ? "" : vault.password());
                }
                vaults.args.add("--vault-id=" + name + "@" + source);
            }
            return vaults;
        } catch (IOException e) {
            vaults.close();
            throw new AppException("Cannot prepare the vault passwords: " + e.getMessage());
        } catch (RuntimeException e) {
            vaults.close();
            throw e;
        }
    }

    private Path folder(AppContext context) throws IOException {
        if (folder == null) {
            folder = PrivateFiles.createFolder(context.spec().workDir(), "vaults-");
        }
        return folder;
    }

    List<String> args() {
        return List.copyOf(args);
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    @Override
    public void close() {
        if (folder != null) {
            PrivateFiles.deleteQuietly(folder);
        }
    }
}
