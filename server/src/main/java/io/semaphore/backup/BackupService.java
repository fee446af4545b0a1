package io.semaphore.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.semaphore.json.Json;
import io.semaphore.db.Database;
import io.semaphore.environment.Environment;
import io.semaphore.environment.EnvironmentRequest;
import io.semaphore.environment.EnvironmentService;
import io.semaphore.errors.ApiException;
import io.semaphore.errors.ValidationException;
import io.semaphore.inventory.Inventory;
import io.semaphore.inventory.InventoryRequest;
import io.semaphore.inventory.InventoryService;
import io.semaphore.key.AccessKey;
import io.semaphore.key.KeyService;
import io.semaphore.project.Project;
import io.semaphore.project.ProjectRequest;
import io.semaphore.project.ProjectService;
import io.semaphore.repository.Repository;
import io.semaphore.repository.RepositoryRequest;
import io.semaphore.repository.RepositoryService;
import io.semaphore.template.SurveyVar;
import io.semaphore.template.Template;
import io.semaphore.template.TemplateRequest;
import io.semaphore.template.TemplateService;
import io.semaphore.template.TemplateVault;
import io.semaphore.user.User;
import io.semaphore.view.View;
import io.semaphore.view.ViewRequest;
import io.semaphore.view.ViewService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Project backup and restore in Semaphore's format. A restore is checked as a whole first (names unique, every
 * name it refers to present) and then created in one transaction through the same services as the API, so a bad
 * file is refused with everything that is wrong in it and leaves nothing behind.
 */
public final class BackupService {
    private final Database db;
    private final ProjectService projects;
    private final KeyService keys;
    private final RepositoryService repositories;
    private final InventoryService inventories;
    private final EnvironmentService environments;
    private final ViewService views;
    private final TemplateService templates;
    private final BackupRows rows;

    public BackupService(Database db, ProjectService projects, KeyService keys, RepositoryService repositories,
                         InventoryService inventories, EnvironmentService environments, ViewService views,
                         TemplateService templates) {
        this.db = db;
        this.projects = projects;
        this.keys = keys;
        this.repositories = repositories;
        this.inventories = inventories;
        this.environments = environments;
        this.views = views;
        this.templates = templates;
        this.rows = new BackupRows(db);
    }

    public BackupFormat backup(int projectId) {
        return db.read(h -> {
            Project p = projects.get(projectId);
            List<AccessKey> keyList = keys.list(projectId, "name", "asc");
            Map<Integer, String> keyNames = names(keyList, AccessKey::id, AccessKey::name);
            List<Repository> repoList = repositories.list(projectId, "name", "asc");
            Map<Integer, String> repoNames = names(repoList, Repository::id, Repository::name);
            List<Inventory> invList = inventories.list(projectId, "name", "asc");
            Map<Integer, String> invNames = names(invList, Inventory::id, Inventory::name);
            List<Environment> envList = environments.list(projectId, "asc");
            Map<Integer, String> envNames = names(envList, Environment::id, Environment::name);
            List<View> viewList = views.list(projectId);
            Map<Integer, String> viewNames = names(viewList, View::id, View::title);
            List<Template> tplList = templates.list(projectId, "name", "asc");
            Map<Integer, String> tplNames = names(tplList, Template::id, Template::name);
            return new BackupFormat(
                    new BackupFormat.Meta(p.name(), p.alert(), p.alertChat(), p.maxParallelTasks(), p.type()),
                    tplList.stream().map(t -> new BackupFormat.Template(t.name(), t.playbook(), t.arguments(),
                            t.allowOverrideArgsInTask(), t.allowOverrideBranchInTask(), t.allowParallelTasks(),
                            t.description(), t.type(), t.app(), t.startVersion(), t.autorun(),
                            surveyVarsText(t.surveyVars()), t.suppressSuccessAlerts(), t.gitBranch(),
                            t.taskParams(), invNames.get(t.inventoryId()), repoNames.get(t.repositoryId()),
                            envNames.get(t.environmentId()), null, tplNames.get(t.buildTemplateId()),
                            viewNames.get(t.viewId()),
                            t.vaults().stream().map(v -> new BackupFormat.Vault(v.name(), v.type(), v.script(),
                                    keyNames.get(v.vaultKeyId()))).toList(), null, null)).toList(),
                    repoList.stream().map(r -> new BackupFormat.Repository(r.name(), r.gitUrl(), r.gitBranch(),
                            keyNames.get(r.sshKeyId()))).toList(),
                    keyList.stream().map(k -> new BackupFormat.Key(k.name(), k.type())).toList(),
                    viewList.stream().map(v -> new BackupFormat.View(v.title(), v.position())).toList(),
                    invList.stream().map(i -> new BackupFormat.Inventory(i.name(), i.inventory(), keyNames.get(i.sshKeyId()),
                            keyNames.get(i.becomeKeyId()), i.type(), repoNames.get(i.repositoryId()))).toList(),
                    envList.stream().map(e -> new BackupFormat.Environment(e.name(), null, e.json(), e.env())).toList(),
                    rows.integrations(projectId, tplNames, keyNames),
                    rows.projectAliases(projectId),
                    rows.schedules(projectId, tplNames));
        });
    }

    /** Creates a new project from the backup, the caller as its owner. */
    public Project restore(User actor, BackupFormat b) {
        verify(b);
        try {
            return db.tx(h -> create(actor, b));
        } catch (ApiException e) {
            if (e.status() >= 500) {
                throw e; // the server's trouble (the database is down), not the document's
            }
            throw new ValidationException("The backup cannot be restored: " + e.getMessage() + "; nothing was created");
        }
    }

    private Project create(User actor, BackupFormat b) {
        BackupFormat.Meta m = b.meta();
        Project p = projects.create(actor, new ProjectRequest(null, m.name(), m.alert(), m.alertChat(),
                m.maxParallelTasks(), null, m.type()), false);
        int pid = p.id();
        int uid = actor.id();
        Map<String, Integer> keyIds = new HashMap<>();
        for (BackupFormat.Key k : b.keys()) {
            keyIds.put(k.name(), keys.createWithoutSecret(uid, pid, k.name(), k.type() == null ? "none" : k.type()).id());
        }
        Map<String, Integer> envIds = new HashMap<>();
        for (BackupFormat.Environment e : b.environments()) {
            // A password in the backup (Semaphore's own backups carry it) is stored encrypted like any other.
            environments.create(uid, pid, new EnvironmentRequest(null, e.name(), null,
                    e.password() == null ? null : TextNode.valueOf(e.password()),
                    e.json() == null || e.json().isBlank() ? "{}" : e.json(), e.env(), null));
        }
        environments.list(pid, "asc").forEach(e -> envIds.put(e.name(), e.id()));
        Map<String, Integer> viewIds = new HashMap<>();
        for (BackupFormat.View v : b.views()) {
            viewIds.put(v.title(), views.create(uid, pid, new ViewRequest(v.title(), v.position())).id());
        }
        Map<String, Integer> repoIds = new HashMap<>();
        for (BackupFormat.Repository r : b.repositories()) {
            repositories.create(uid, pid, new RepositoryRequest(null, r.name(), null, r.gitUrl(), r.gitBranch(),
                    keyIds.get(r.sshKey())));
        }
        repositories.list(pid, "name", "asc").forEach(r -> repoIds.put(r.name(), r.id()));
        Map<String, Integer> invIds = new HashMap<>();
        for (BackupFormat.Inventory i : b.inventories()) {
            inventories.restore(uid, pid, new InventoryRequest(null, i.name(), null, i.inventory(), keyIds.get(i.sshKey()),
                    keyIds.get(i.becomeKey()), i.type(), repoIds.get(i.repository())));
        }
        inventories.list(pid, "name", "asc").forEach(i -> invIds.put(i.name(), i.id()));
        Map<String, Integer> tplIds = new HashMap<>();
        List<BackupFormat.Template> ordered = new ArrayList<>(b.templates().stream().filter(t -> !"deploy".equals(t.type())).toList());
        ordered.addAll(b.templates().stream().filter(t -> "deploy".equals(t.type())).toList());
        for (BackupFormat.Template t : ordered) {
            Template created = templates.create(uid, pid, templateRequest(t, keyIds, repoIds, invIds, envIds, viewIds, tplIds));
            tplIds.put(t.name(), created.id());
            if (t.cron() != null && !t.cron().isBlank()) {
                // Semaphore restored this as a commit-triggered schedule; a cron in a backup means a timed run.
                rows.insertSchedule(pid, created.id(), new BackupFormat.Schedule("", t.cron(), true, t.name(), "", null, false));
            }
        }
        for (BackupFormat.Schedule s : b.schedules()) {
            rows.insertSchedule(pid, tplIds.get(s.template()), s);
        }
        for (BackupFormat.Integration i : b.integrations()) {
            rows.insertIntegration(pid, tplIds.get(i.template()), i.authSecret() == null ? null : keyIds.get(i.authSecret()), i);
        }
        for (String alias : b.integrationAliases()) {
            rows.insertProjectAlias(pid, alias);
        }
        return projects.get(pid);
    }

    private static TemplateRequest templateRequest(BackupFormat.Template t, Map<String, Integer> keyIds,
                                                   Map<String, Integer> repoIds, Map<String, Integer> invIds,
                                                   Map<String, Integer> envIds, Map<String, Integer> viewIds,
                                                   Map<String, Integer> tplIds) {
        List<TemplateVault> vaults = new ArrayList<>();
        for (BackupFormat.Vault v : BackupFormat.orEmpty(t.vaults())) {
            vaults.add(new TemplateVault(null, v.vaultKey() == null ? null : keyIds.get(v.vaultKey()), v.name(), v.type(), v.script()));
        }
        if (t.vaultKey() != null && vaults.isEmpty()) {
            vaults.add(new TemplateVault(null, keyIds.get(t.vaultKey()), "default", "password", null));
        }
        String env = environmentName(t);
        return new TemplateRequest(null, t.inventory() == null ? null : invIds.get(t.inventory()),
                repoIds.get(t.repository()), env == null ? null : envIds.get(env),
                t.view() == null ? null : viewIds.get(t.view()), t.name(), t.playbook(), t.arguments(),
                t.allowOverrideArgsInTask(), t.allowOverrideBranchInTask(), null, t.allowParallelTasks(), t.description(),
                t.type() == null ? "" : t.type(), t.app() == null || t.app().isEmpty() ? "ansible" : t.app(),
                t.startVersion(), t.buildTemplate() == null ? null : tplIds.get(t.buildTemplate()), t.autorun(),
                surveyVars(t), vaults, t.suppressSuccessAlerts(), t.gitBranch(),
                t.taskParams() == null || t.taskParams().isNull() ? null : t.taskParams(), null, null);
    }

    private static String environmentName(BackupFormat.Template t) {
        if (t.environment() != null) {
            return t.environment();
        }
        List<String> envs = BackupFormat.orEmpty(t.environments());
        return envs.isEmpty() ? null : envs.getFirst();
    }

    /** Semaphore v2.10 writes a template's survey variables as JSON text holding the list, not as the list. */
    private static JsonNode surveyVarsText(List<SurveyVar> vars) {
        try {
            return TextNode.valueOf(Json.MAPPER.writeValueAsString(vars));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("survey variables cannot be written as JSON", e);
        }
    }

    /** Survey vars arrive as JSON text holding the list (Semaphore v2.10) or as the list (later versions). */
    private static List<SurveyVar> surveyVars(BackupFormat.Template t) {
        JsonNode node = t.surveyVars();
        if (node == null || node.isNull()) {
            return List.of();
        }
        try {
            if (node.isTextual()) {
                node = node.asText().isBlank() ? Json.MAPPER.createArrayNode() : Json.MAPPER.readTree(node.asText());
            }
            return Json.MAPPER.convertValue(node, new TypeReference<List<SurveyVar>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new ValidationException("Template '" + t.name() + "': survey_vars are not a list of survey variables");
        }
    }

    /** Everything wrong with the document, at once, before anything is created. */
    static void verify(BackupFormat b) {
        List<String> errors = new ArrayList<>();
        if (b.meta() == null || b.meta().name() == null || b.meta().name().isBlank()) {
            errors.add("meta.name (the project name) is missing");
        }
        Set<String> keys = unique(errors, "keys", b.keys().stream().map(BackupFormat.Key::name).toList());
        Set<String> repos = unique(errors, "repositories", b.repositories().stream().map(BackupFormat.Repository::name).toList());
        Set<String> invs = unique(errors, "inventories", b.inventories().stream().map(BackupFormat.Inventory::name).toList());
        Set<String> envs = unique(errors, "environments", b.environments().stream().map(BackupFormat.Environment::name).toList());
        Set<String> views = unique(errors, "views", b.views().stream().map(BackupFormat.View::title).toList());
        Set<String> tpls = unique(errors, "templates", b.templates().stream().map(BackupFormat.Template::name).toList());
        for (BackupFormat.Repository r : b.repositories()) {
            ref(errors, "repository '" + r.name() + "'", "ssh_key", r.sshKey(), keys, true);
        }
        for (BackupFormat.Inventory i : b.inventories()) {
            ref(errors, "inventory '" + i.name() + "'", "ssh_key", i.sshKey(), keys, false);
            ref(errors, "inventory '" + i.name() + "'", "become_key", i.becomeKey(), keys, false);
            ref(errors, "inventory '" + i.name() + "'", "repository", i.repository(), repos, false);
        }
        Map<String, BackupFormat.Template> byName = b.templates().stream()
                .filter(t -> t.name() != null).collect(Collectors.toMap(BackupFormat.Template::name, t -> t, (x, y) -> x));
        for (BackupFormat.Template t : b.templates()) {
            String what = "template '" + t.name() + "'";
            ref(errors, what, "repository", t.repository(), repos, true);
            ref(errors, what, "inventory", t.inventory(), invs, false);
            ref(errors, what, "environment", environmentName(t), envs, false);
            ref(errors, what, "view", t.view(), views, false);
            ref(errors, what, "vault_key", t.vaultKey(), keys, false);
            for (BackupFormat.Vault v : BackupFormat.orEmpty(t.vaults())) {
                ref(errors, what, "vaults.vault_key", v.vaultKey(), keys, false);
            }
            if ("deploy".equals(t.type())) {
                BackupFormat.Template build = t.buildTemplate() == null ? null : byName.get(t.buildTemplate());
                if (build == null || !"build".equals(build.type())) {
                    errors.add(what + " is a deploy template and needs build_template naming a build template of the backup");
                }
            }
        }
        for (BackupFormat.Schedule s : b.schedules()) {
            ref(errors, "schedule '" + s.name() + "'", "template", s.template(), tpls, true);
            if (s.type() != null && !s.type().isEmpty() && !s.oneTime()) {
                errors.add("schedule '" + s.name() + "' has type '" + s.type() + "'; allowed: \"\" (cron) or \"run_at\"");
            } else if (s.oneTime() && s.runAt() == null) {
                errors.add("schedule '" + s.name() + "' has type run_at but no run_at");
            } else if (!s.oneTime() && (s.cronFormat() == null || s.cronFormat().isBlank())) {
                errors.add("schedule '" + s.name() + "' has no cron_format");
            }
        }
        for (BackupFormat.Integration i : b.integrations()) {
            ref(errors, "integration '" + i.name() + "'", "template", i.template(), tpls, true);
            ref(errors, "integration '" + i.name() + "'", "auth_secret", i.authSecret(), keys, false);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException("The backup cannot be restored: " + String.join("; ", errors) + "; nothing was created");
        }
    }

    private static Set<String> unique(List<String> errors, String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || n.isBlank()) {
                errors.add(what + ": an entry has no name");
            } else if (!seen.add(n)) {
                errors.add(what + ": the name '" + n + "' is used twice");
            }
        }
        return seen;
    }

    private static void ref(List<String> errors, String what, String field, String name, Set<String> known, boolean required) {
        if (name == null || name.isBlank()) {
            if (required) {
                errors.add(what + " has no " + field);
            }
        } else if (!known.contains(name)) {
            errors.add(what + " refers to " + field + " '" + name + "', which the backup does not contain");
        }
    }

    private static <T> Map<Integer, String> names(List<T> list, Function<T, Integer> id, Function<T, String> name) {
        Map<Integer, String> m = new HashMap<>();
        list.forEach(x -> m.put(id.apply(x), name.apply(x)));
        return m;
    }
}
