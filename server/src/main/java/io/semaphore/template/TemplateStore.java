package io.semaphore.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.db.Columns;
import io.semaphore.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** Tables {@code project__template} and {@code project__template_vault}. Survey vars are stored as JSON text. */
final class TemplateStore {
    private static final ObjectMapper JSON = io.semaphore.json.Json.MAPPER;
    private static final String COLUMNS = "id, project_id, inventory_id, repository_id, environment_id, view_id, name,"
            + " playbook, arguments, allow_override_args_in_task, allow_override_branch_in_task, allow_override_limit,"
            + " allow_parallel_tasks, description, type, app, start_version, build_template_id, autorun, survey_vars,"
            + " suppress_success_alerts, git_branch, task_params, tasks, at_most_one_waiting_task, runner_tag";
    private static final Map<String, String> SORTS = Map.of("name", "name", "playbook", "playbook",
            "inventory", "inventory_id", "environment", "environment_id", "repository", "repository_id");

    private final Database db;

    TemplateStore(Database db) {
        this.db = db;
    }

    int insert(Template t) {
        return db.tx(h -> {
            int id = bindAll(h.createUpdate("INSERT INTO project__template (project_id, inventory_id, repository_id,"
                    + " environment_id, view_id, name, playbook, arguments, allow_override_args_in_task,"
                    + " allow_override_branch_in_task, allow_override_limit, allow_parallel_tasks, description, type, app,"
                    + " start_version, build_template_id, autorun, survey_vars, suppress_success_alerts, git_branch,"
                    + " task_params, at_most_one_waiting_task, runner_tag, tasks) VALUES (:projectId, :inventoryId, :repositoryId, :environmentId, :viewId, :name,"
                    + " :playbook, :arguments, :overrideArgs, :overrideBranch, :overrideLimit, :parallel, :description,"
                    + " :type, :app, :startVersion, :buildTemplateId, :autorun, :surveyVars, :suppress, :gitBranch,"
                    + " :taskParams, :oneWaiting, :runnerTag, 0)"), t)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            replaceVaults(h, t.projectId(), id, t.vaults());
            return id;
        });
    }

    void update(Template t) {
        db.run(h -> {
            bindAll(h.createUpdate("UPDATE project__template SET inventory_id = :inventoryId, repository_id = :repositoryId,"
                    + " environment_id = :environmentId, view_id = :viewId, name = :name, playbook = :playbook,"
                    + " arguments = :arguments, allow_override_args_in_task = :overrideArgs,"
                    + " allow_override_branch_in_task = :overrideBranch, allow_override_limit = :overrideLimit,"
                    + " allow_parallel_tasks = :parallel, description = :description, type = :type, app = :app,"
                    + " start_version = :startVersion, build_template_id = :buildTemplateId, autorun = :autorun,"
                    + " survey_vars = :surveyVars, suppress_success_alerts = :suppress, git_branch = :gitBranch,"
                    + " task_params = :taskParams, at_most_one_waiting_task = :oneWaiting, runner_tag = :runnerTag WHERE project_id = :projectId AND id = :id"), t).bind("id", t.id()).execute();
            replaceVaults(h, t.projectId(), t.id(), t.vaults());
        });
    }

    private static <S extends SqlStatement<S>> S bindAll(S s, Template t) {
        return s.bind("projectId", t.projectId()).bind("inventoryId", t.inventoryId()).bind("repositoryId", t.repositoryId())
                .bind("environmentId", t.environmentId()).bind("viewId", t.viewId()).bind("name", t.name())
                .bind("playbook", t.playbook()).bind("arguments", t.arguments())
                .bind("overrideArgs", t.allowOverrideArgsInTask()).bind("overrideBranch", t.allowOverrideBranchInTask())
                .bind("overrideLimit", t.allowOverrideLimit()).bind("parallel", t.allowParallelTasks())
                .bind("description", t.description()).bind("type", t.type()).bind("app", t.app())
                .bind("startVersion", t.startVersion()).bind("buildTemplateId", t.buildTemplateId())
                .bind("autorun", t.autorun()).bind("surveyVars", write(t.surveyVars()))
                .bind("suppress", t.suppressSuccessAlerts()).bind("gitBranch", t.gitBranch())
                .bind("taskParams", t.taskParams() == null ? null : t.taskParams().toString())
                .bind("oneWaiting", t.atMostOneWaitingTask()).bind("runnerTag", t.runnerTag());
    }

    private static void replaceVaults(Handle h, int projectId, int templateId, List<TemplateVault> vaults) {
        h.createUpdate("DELETE FROM project__template_vault WHERE template_id = :t").bind("t", templateId).execute();
        for (TemplateVault v : vaults) {
            h.createUpdate("INSERT INTO project__template_vault (project_id, template_id, vault_key_id, name, type, script)"
                            + " VALUES (:p, :t, :k, :n, :type, :script)")
                    .bind("p", projectId).bind("t", templateId).bind("k", v.vaultKeyId()).bind("n", v.name())
                    .bind("type", v.type()).bind("script", v.script()).execute();
        }
    }

    Optional<Template> find(int projectId, int id) {
        return db.read(h -> withVaults(h, h.createQuery("SELECT " + COLUMNS + " FROM project__template WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).map((rs, ctx) -> map(rs)).list())).stream().findFirst();
    }

    List<Template> list(int projectId, String sort, boolean desc, Integer viewId) {
        String order = SORTS.getOrDefault(sort == null ? "name" : sort, "name") + (desc ? " DESC" : " ASC") + ", id";
        String where = viewId == null ? "" : " AND view_id = :v";
        return db.read(h -> withVaults(h, h.createQuery("SELECT " + COLUMNS + " FROM project__template WHERE project_id = :p"
                        + where + " ORDER BY " + order)
                .bind("p", projectId).bind("v", viewId).map((rs, ctx) -> map(rs)).list()));
    }

    /** Deletes the template; its tasks, vaults and schedules go by ON DELETE CASCADE. */
    void delete(int projectId, int id) {
        db.run(h -> h.createUpdate("DELETE FROM project__template WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).execute());
    }

    /** Terraform/OpenTofu templates without an inventory get a workspace inventory of their own, as in Semaphore. */
    int insertWorkspaceInventory(int projectId, int templateId, String templateName, String app) {
        return db.tx(h -> {
            int inv = h.createUpdate("INSERT INTO project__inventory (project_id, name, type, inventory, holder_id)"
                            + " VALUES (:p, :n, :type, 'default', :t)")
                    .bind("p", projectId).bind("n", templateName + " - default")
                    .bind("type", app.equals("tofu") ? "tofu-workspace" : "terraform-workspace").bind("t", templateId)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one();
            h.createUpdate("UPDATE project__template SET inventory_id = :i WHERE id = :t").bind("i", inv).bind("t", templateId).execute();
            return inv;
        });
    }

    private static List<Template> withVaults(Handle h, List<Template> templates) {
        if (templates.isEmpty()) {
            return templates;
        }
        Map<Integer, List<TemplateVault>> vaults = new HashMap<>();
        h.createQuery("SELECT id, template_id, vault_key_id, name, type, script FROM project__template_vault"
                        + " WHERE template_id IN (<ids>) ORDER BY id")
                .bindList("ids", templates.stream().map(Template::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getInt("template_id"), new TemplateVault(rs.getInt("id"),
                        Columns.intOrNull(rs, "vault_key_id"),
                        rs.getString("name"), rs.getString("type"), rs.getString("script"))))
                .forEach(e -> vaults.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return templates.stream().map(t -> new Template(t.id(), t.projectId(), t.inventoryId(), t.repositoryId(),
                t.environmentId(), t.viewId(), t.name(), t.playbook(), t.arguments(), t.allowOverrideArgsInTask(),
                t.allowOverrideBranchInTask(), t.allowOverrideLimit(), t.allowParallelTasks(), t.description(), t.type(),
                t.app(), t.startVersion(), t.buildTemplateId(), t.autorun(), t.surveyVars(),
                List.copyOf(vaults.getOrDefault(t.id(), List.of())), t.suppressSuccessAlerts(), t.gitBranch(),
                t.taskParams(), t.tasks(), t.atMostOneWaitingTask(), t.runnerTag())).toList();
    }

    private static Template map(ResultSet rs) throws SQLException {
        return new Template(rs.getInt("id"), rs.getInt("project_id"), Columns.intOrNull(rs, "inventory_id"),
                rs.getInt("repository_id"), Columns.intOrNull(rs, "environment_id"), Columns.intOrNull(rs, "view_id"),
                rs.getString("name"), rs.getString("playbook"),
                rs.getString("arguments"), rs.getBoolean("allow_override_args_in_task"),
                rs.getBoolean("allow_override_branch_in_task"), rs.getBoolean("allow_override_limit"),
                rs.getBoolean("allow_parallel_tasks"), rs.getString("description"), rs.getString("type"), rs.getString("app"),
                rs.getString("start_version"), Columns.intOrNull(rs, "build_template_id"), rs.getBoolean("autorun"),
                readSurvey(rs.getString("survey_vars")), List.of(), rs.getBoolean("suppress_success_alerts"),
                rs.getString("git_branch"), readJson(rs.getString("task_params")), rs.getInt("tasks"),
                rs.getBoolean("at_most_one_waiting_task"), rs.getString("runner_tag"));
    }

    private static String write(List<SurveyVar> vars) {
        try {
            return JSON.writeValueAsString(vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SurveyVar> readSurvey(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<List<SurveyVar>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored survey_vars are not valid JSON", e);
        }
    }

    private static JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored task_params are not valid JSON", e);
        }
    }
}
