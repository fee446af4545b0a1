package io.semaphore.inventory;

import io.semaphore.errors.ValidationException;
import io.semaphore.repository.RepositoryPath;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory types the API accepts (Semaphore v2.10's: {@code tofu-workspace} is refused there too) and what the
 * {@code inventory} text must be for each: INI text, YAML text, a file path inside a repository, or a Terraform
 * workspace name.
 */
final class InventoryTypes {
    static final String STATIC = "static";
    static final String STATIC_YAML = "static-yaml";
    static final String FILE = "file";
    static final String TERRAFORM_WORKSPACE = "terraform-workspace";
    static final List<String> ALLOWED = List.of(STATIC, STATIC_YAML, FILE, TERRAFORM_WORKSPACE);

    /** Ansible's INI section pattern (plugins/inventory/ini.py): {@code [group]} or {@code [group:tag]}. */
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?]\\s*(?:#.*)?$");
    /** Terraform accepts a workspace name only when it needs no escaping in a URL path segment. */
    private static final Pattern WORKSPACE = Pattern.compile("[A-Za-z0-9_.~$&+:=@][A-Za-z0-9_.~$&+:=@-]*");

    private InventoryTypes() {}

    static String type(String type) {
        if (type == null || type.isBlank()) {
            throw new ValidationException("Field 'type' is required; allowed: " + String.join(", ", ALLOWED));
        }
        if (!ALLOWED.contains(type)) {
            throw new ValidationException("Field 'type' is '" + type + "'; allowed: " + String.join(", ", ALLOWED));
        }
        return type;
    }

    /** The text to store for an inventory of {@code type}; 400 naming the line or rule otherwise. */
    static String inventory(String type, String text) {
        String t = text == null ? "" : text;
        return switch (type) {
            case STATIC -> ini(t);
            case STATIC_YAML -> yaml(t);
            case FILE -> path(t.strip());
            case TERRAFORM_WORKSPACE -> workspace(t.strip());
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static String ini(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                if (m.group(2) != null && !m.group(2).equals("vars") && !m.group(2).equals("children")) {
                    throw new ValidationException("Field 'inventory' line " + (i + 1) + ": section '" + line
                            + "' has the unknown type '" + m.group(2) + "'; use [group], [group:vars] or [group:children]");
                }
            } else if (line.startsWith("[") && line.endsWith("]")) {
                throw new ValidationException("Field 'inventory' line " + (i + 1) + ": '" + line + "' is not a valid"
                        + " section; use [group], [group:vars] or [group:children], without spaces");
            }
        }
        return text;
    }

    private static String yaml(String text) {
        YamlShape.problem(text).ifPresent(p -> {
            throw new ValidationException("Field 'inventory' is not a valid YAML inventory: " + p);
        });
        return text;
    }

    private static String path(String p) {
        if (p.isEmpty()) {
            throw new ValidationException("Field 'inventory' is required for type file: the path of the inventory file"
                    + " inside the repository, such as inventories/prod.ini");
        }
        return RepositoryPath.check("inventory", p, "inventories/prod.ini", false);
    }

    private static String workspace(String w) {
        if (w.isEmpty()) {
            throw new ValidationException("Field 'inventory' is required for type terraform-workspace: the name of the"
                    + " Terraform workspace, such as default or prod");
        }
        if (!WORKSPACE.matcher(w).matches()) {
            throw new ValidationException("Field 'inventory' '" + w + "' is not a valid Terraform workspace name: use"
                    + " letters, digits and - _ . ~ (no spaces or slashes, and not starting with '-')");
        }
        return w;
    }
}
