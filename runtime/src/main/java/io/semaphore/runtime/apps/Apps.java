package io.semaphore.runtime.apps;

import java.util.Locale;
import java.util.Optional;

/** Picks the app for a template's app name. */
public final class Apps {
    private Apps() {}

    /** ansible, terraform, tofu, bash, python or powershell; empty for any other name. */
    public static Optional<App> of(String name) {
        return Optional.ofNullable(switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "ansible" -> new AnsibleApp();
            case "terraform", "tofu" -> new TerraformApp(name.toLowerCase(Locale.ROOT));
            case "bash" -> new BashApp();
            case "python" -> new PythonApp();
            case "powershell" -> new PowerShellApp();
            default -> null;
        });
    }
}
