package io.semaphore.cli;

import io.semaphore.app.Services;
import io.semaphore.errors.ValidationException;
import io.semaphore.key.Secrets;
import io.semaphore.key.SecretsRekey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code semaphore vault rekey --old-key K} (Semaphore's verb): after access_key_encryption was changed in the
 * configuration, re-encrypts every stored secret from the old key to the new one. See SECURITY.md.
 */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Secrets stored in the database",
        subcommands = {VaultCommand.Rekey.class})
final class VaultCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    VaultCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.err().println("Choose: rekey (see semaphore vault rekey --help)");
    }

    @Command(name = "rekey", mixinStandardHelpOptions = true,
            description = "Re-encrypt every stored secret with the configured access_key_encryption, reading them"
                    + " with the old key")
    static final class Rekey implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--old-key", description = "The previous access_key_encryption (base64)") String oldKey;
        @Option(names = "--old-key-stdin", description = "Read the previous key from standard input (keeps it out of"
                + " the process list)") boolean fromStdin;
        private final Cli cli;

        Rekey(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            String key = oldKey;
            if (fromStdin) {
                try {
                    key = cli.in().readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (key == null || key.isBlank()) {
                throw new ValidationException("Give the previous access_key_encryption with --old-key or --old-key-stdin");
            }
            Secrets old;
            try {
                old = new Secrets(key.trim());
            } catch (IllegalArgumentException e) {
                throw new ValidationException("--old-key is not a base64 AES key: " + e.getMessage());
            }
            try (Services s = cli.services()) {
                Map<String, Integer> counts = SecretsRekey.run(s.db(), old, s.secrets());
                int total = counts.values().stream().mapToInt(Integer::intValue).sum();
                cli.out().println("Re-encrypted " + total + " stored secrets with the configured key " + counts);
            }
        }
    }
}
