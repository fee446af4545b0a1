package io.semaphore.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.json.Json;
import io.semaphore.db.Database;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import io.semaphore.event.EventStore;
import io.semaphore.project.References;
import io.semaphore.project.References.Kind;
import io.semaphore.repository.GitUrl;
import io.semaphore.repository.RepositoryPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Task templates: what to run (app, playbook or script, arguments), from where (repository, branch), against
 * what (inventory, environment), with which questions (survey) and vault passwords. All references are checked to
 * belong to the same project.
 */
public final class TemplateService {
    static final List<String> APPS = List.of("ansible", "terraform", "tofu", "bash", "python", "powershell");
    static final List<String> TYPES = List.of("", "build", "deploy");
    static final List<String> SURVEY_TYPES = List.of("", "int", "enum", "secret");
    private static final Pattern VAR_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private final Database db;
    private final TemplateStore templates;
    private final References references;
    private final EventStore events;

    public TemplateService(Database db, References references, EventStore events) {
        this.db = db;
        this.templates = new TemplateStore(db);
        this.references = references;
        this.events = events;
    }

    public List<Template> list(int projectId, String sort, String order) {
        return templates.list(projectId, sort, "desc".equalsIgnoreCase(order), null);
    }

    public List<Template> listInView(int projectId, int viewId) {
        references.requireInProject(Kind.VIEW, "view_id", projectId, viewId);
        return templates.list(projectId, "name", false, viewId);
    }

    public Template get(int projectId, int id) {
        return templates.find(projectId, id)
                .orElseThrow(() -> new NotFoundException("Template " + id + " not found in project " + projectId));
    }

    public Template create(int userId, int projectId, TemplateRequest r) {
        Template t = validate(projectId, 0, r, null);
        return db.tx(h -> {
            int id = templates.insert(t);
            if ((t.app().equals("terraform") || t.app().equals("tofu")) && t.inventoryId() == null) {
                templates.insertWorkspaceInventory(projectId, id, t.name(), t.app());
            }
            events.record(projectId, userId, "template", id, "Template " + t.name() + " created");
            return get(projectId, id);
        });
    }

    /** PUT replaces the template as Semaphore does: a field left out is cleared (or takes its default). */
    public void update(int userId, int projectId, int id, TemplateRequest r) {
        get(projectId, id);
        Template t = validate(projectId, id, r, null);
        db.run(h -> {
            templates.update(t);
            events.record(projectId, userId, "template", id, "Template " + t.name() + " updated");
        });
    }

    public void delete(int userId, int projectId, int id) {
        Template t = get(projectId, id);
        References.requireUnused("Template " + t.name(), references.ofTemplate(projectId, id).withoutSchedules());
        db.run(h -> {
            templates.delete(projectId, id);
            events.record(projectId, userId, "template", id, "Template " + t.name() + " deleted");
        });
    }

    /** Checks a request and builds the template ({@code old}: values for absent fields; null = defaults). */
    private Template validate(int projectId, int id, TemplateRequest r, Template old) {
        io.semaphore.errors.Fields.sameProject(projectId, r.projectId());
        String name = io.semaphore.errors.Fields.required("name", pick(r.name(), old == null ? null : old.name()), 255);
        String app = pick(r.app(), old == null ? "ansible" : old.app());
        if (app.isEmpty()) {
            app = "ansible";
        }
        if (!APPS.contains(app)) {
            throw new ValidationException("Field 'app' is '" + app + "'; allowed: " + String.join(", ", APPS));
        }
        String type = pick(r.type(), old == null ? "" : old.type());
        if (!TYPES.contains(type)) {
            throw new ValidationException("Field 'type' is '" + type + "'; allowed: \"\" (task), build, deploy");
        }
        boolean terraform = app.equals("terraform") || app.equals("tofu");
        String playbook = pick(r.playbook(), old == null ? "" : old.playbook());
        if (!terraform && playbook.isBlank()) {
            throw new ValidationException("Field 'playbook' is required for " + app + " templates (the "
                    + (app.equals("ansible") ? "playbook" : "script") + " path in the repository)");
        }
        if (!playbook.isBlank()) {
            playbookPath(app, playbook);
        }
        Integer repositoryId = pick(r.repositoryId(), old == null ? null : old.repositoryId());
        if (repositoryId == null) {
            throw new ValidationException("Field 'repository_id' is required");
        }
        references.requireInProject(Kind.REPOSITORY, "repository_id", projectId, repositoryId);
        Integer inventoryId = pick(r.inventoryId(), old == null ? null : old.inventoryId());
        if (app.equals("ansible") && inventoryId == null) {
            throw new ValidationException("Field 'inventory_id' is required for ansible templates");
        }
        references.requireInProject(Kind.INVENTORY, "inventory_id", projectId, inventoryId);
        Integer environmentId = pick(r.environmentId(), old == null ? null : old.environmentId());
        references.requireInProject(Kind.ENVIRONMENT, "environment_id", projectId, environmentId);
        Integer viewId = pick(r.viewId(), old == null ? null : old.viewId());
        references.requireInProject(Kind.VIEW, "view_id", projectId, viewId);

        String startVersion = pick(r.startVersion(), old == null ? null : old.startVersion());
        Integer buildTemplateId = pick(r.buildTemplateId(), old == null ? null : old.buildTemplateId());
        boolean autorun = pick(r.autorun(), old != null && old.autorun());
        if (type.equals("build")) {
            if (startVersion == null || startVersion.isBlank()) {
                throw new ValidationException("Field 'start_version' is required for build templates (e.g. 1.0.0)");
            }
        } else {
            startVersion = null; // only builds number their versions
        }
        if (type.equals("deploy")) {
            if (buildTemplateId == null) {
                throw new ValidationException("Field 'build_template_id' is required for deploy templates");
            }
            Template build = templates.find(projectId, buildTemplateId).orElseThrow(() -> new ValidationException(
                    "Field 'build_template_id': template " + r.buildTemplateId() + " does not exist in this project"));
            if (!build.type().equals("build") || build.id() == id) {
                throw new ValidationException("Field 'build_template_id': template " + build.name() + " is not a build template");
            }
        } else {
            buildTemplateId = null;
            autorun = false;
        }
        String arguments = arguments(pick(r.arguments(), old == null ? null : old.arguments()));
        List<SurveyVar> survey = survey(r.surveyVars() != null ? r.surveyVars() : old == null ? List.of() : old.surveyVars());
        List<TemplateVault> vaults = vaults(projectId, r.vaults() != null ? r.vaults() : old == null ? List.of() : old.vaults());
        JsonNode taskParams = pick(r.taskParams(), old == null ? null : old.taskParams());
        if (taskParams != null && !taskParams.isNull() && !taskParams.isObject()) {
            throw new ValidationException("Field 'task_params' must be a JSON object");
        }
        String gitBranch = GitUrl.chosenBranch(pick(r.gitBranch(), old == null ? null : old.gitBranch()));
        return new Template(id, projectId, inventoryId, repositoryId, environmentId, viewId, name, playbook,
                arguments, pick(r.allowOverrideArgsInTask(), old != null && old.allowOverrideArgsInTask()),
                pick(r.allowOverrideBranchInTask(), old != null && old.allowOverrideBranchInTask()),
                pick(r.allowOverrideLimit(), old != null && old.allowOverrideLimit()),
                pick(r.allowParallelTasks(), old != null && old.allowParallelTasks()),
                pick(r.description(), old == null ? null : old.description()), type, app, startVersion, buildTemplateId,
                autorun, survey, vaults, pick(r.suppressSuccessAlerts(), old != null && old.suppressSuccessAlerts()),
                gitBranch, taskParams == null || taskParams.isNull() ? null : taskParams, old == null ? 0 : old.tasks(),
                pick(r.atMostOneWaitingTask(), old != null && old.atMostOneWaitingTask()),
                runnerTag(pick(r.runnerTag(), old == null ? null : old.runnerTag())));
    }

    /**
     * Checks the path a template (or a task of it) runs: a playbook or script file, or a Terraform folder (which may
     * be the repository's root). The same rule for templates, tasks and restored backups.
     */
    public static String playbookPath(String app, String playbook) {
        boolean terraform = app.equals("terraform") || app.equals("tofu");
        return RepositoryPath.check("playbook", playbook, terraform ? "infra/prod" : app.equals("ansible")
                ? "playbooks/site.yml" : "scripts/deploy.sh", terraform);
    }

    /** The runner tag a template asks for: trimmed, null when empty, no longer than a runner's tag (200). */
    private static String runnerTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String t = tag.trim();
        if (t.length() > 200) {
            throw new ValidationException("Field 'runner_tag' is longer than 200 characters (a runner's tag is at most 200)");
        }
        return t;
    }

    /** {@code arguments} is a string holding a JSON array of strings, as in Semaphore. */
    private static String arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(arguments);
            if (!node.isArray()) {
                throw new ValidationException("Field 'arguments' must be a JSON array of strings, e.g. [\"--tags\", \"web\"]");
            }
            for (JsonNode a : node) {
                if (!a.isTextual()) {
                    throw new ValidationException("Field 'arguments' must hold only strings; found " + a);
                }
            }
            return arguments;
        } catch (JsonProcessingException e) {
            throw new ValidationException("Field 'arguments' is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static List<SurveyVar> survey(List<SurveyVar> vars) {
        Set<String> names = new HashSet<>();
        List<SurveyVar> kept = new ArrayList<>();
        for (SurveyVar v : vars) {
            if (v == null || v.name() == null || v.name().isBlank()) {
                continue; // Semaphore's form can leave a row without a name; it asks nothing, so it is not stored
            }
            kept.add(v);
            if (!VAR_NAME.matcher(v.name()).matches()) {
                throw new ValidationException("Survey variable name '" + v.name()
                        + "' must be a variable name (letters, digits, _; not starting with a digit)");
            }
            if (!names.add(v.name())) {
                throw new ValidationException("Survey variable '" + v.name() + "' is defined twice");
            }
            if (!SURVEY_TYPES.contains(v.type())) {
                throw new ValidationException("Survey variable '" + v.name() + "' has type '" + v.type()
                        + "'; allowed: \"\" (string), int, enum, secret");
            }
            if (v.type().equals("enum") && v.values().isEmpty()) {
                throw new ValidationException("Survey variable '" + v.name() + "' is an enum and needs values");
            }
        }
        return List.copyOf(kept);
    }

    private List<TemplateVault> vaults(int projectId, List<TemplateVault> vaults) {
        List<TemplateVault> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (TemplateVault v : vaults) {
            String name = v.name() == null || v.name().isBlank() ? "default" : v.name().trim();
            String type = v.type() == null || v.type().isBlank() ? "password" : v.type();
            if (!names.add(name)) {
                throw new ValidationException("Vault '" + name + "' is defined twice; give each vault its own name");
            }
            if (name.startsWith("-") || name.contains("@") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                // ansible-playbook gets --vault-id=name@source: an '@' in the name would end it early
                throw new ValidationException("Vault name '" + name + "' must not start with '-' nor contain '@' or"
                        + " control characters; use a name such as default or prod");
            }
            switch (type) {
                case "password" -> {
                    if (v.vaultKeyId() == null) {
                        throw new ValidationException("Vault '" + name + "' needs vault_key_id (a login/password key)");
                    }
                    references.requireInProject(Kind.KEY, "vaults.vault_key_id", projectId, v.vaultKeyId());
                }
                case "script" -> {
                    if (v.script() == null || v.script().isBlank()) {
                        throw new ValidationException("Vault '" + name + "' is a script vault and needs 'script' (path in the repository)");
                    }
                    RepositoryPath.check("vaults.script", v.script(), "scripts/vault-password.sh", false);
                }
                default -> throw new ValidationException("Vault '" + name + "' has type '" + type + "'; allowed: password, script");
            }
            out.add(new TemplateVault(null, type.equals("password") ? v.vaultKeyId() : null, name, type,
                    type.equals("script") ? v.script() : null));
        }
        return out;
    }

    private static <T> T pick(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
