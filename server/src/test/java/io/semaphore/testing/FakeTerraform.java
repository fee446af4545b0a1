package io.semaphore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in terraform binary for plan/confirm tests where terraform may be absent: {@code plan} says "Plan: 1 to
 * add" unless the last applied variables are the same ("No changes."); {@code apply} keeps the plan's variables in
 * {@link #state()}. Set it through config.json's {@code apps.terraform.path} (a server's or a runner's).
 */
public record FakeTerraform(Path binary, Path state) {
    /** Writes the script into {@code dir} (its state file goes next to it). */
    public static FakeTerraform in(Path dir) {
        Path state = dir.resolve("state");
        Path terraform = dir.resolve("terraform");
        try {
            Files.writeString(terraform, """
                    #!/bin/bash
                    case "$1" in
                      plan)
                        vars=""; out=""
                        for a in "$@"; do case "$a" in -out=*) out="${a#-out=}" ;; -*) ;; *=*) vars="$vars $a" ;; esac; done
                        if [[ -f '%1$s' && "$(cat '%1$s')" == "$vars" ]]; then echo "No changes."; exit 0; fi
                        echo "$vars" > "$out"; echo "Plan: 1 to add, 0 to change, 0 to destroy." ;;
                      apply) cp "$3" '%1$s'; echo "Apply complete! Resources: 1 added." ;;
                    esac
                    """.formatted(state));
            Files.setPosixFilePermissions(terraform, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeTerraform(terraform, state);
    }

    /** Forgets what was applied: the next plan has changes. */
    public void forget() {
        try {
            Files.deleteIfExists(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
