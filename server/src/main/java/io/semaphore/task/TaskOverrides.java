package io.semaphore.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.ValidationException;
import io.semaphore.project.Permission;
import io.semaphore.project.Role;
import io.semaphore.template.SurveyVar;
import io.semaphore.template.Template;
import io.semaphore.user.User;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a task may change of its template, by the role of the person starting it.
 *
 * <p>Owners, managers and administrators can edit the template anyway, so for them a task may set every field
 * Semaphore accepts (scripts that pass extra vars through the API keep working). A caller who may only run tasks
 * (task_runner) gets only what the template allows, since anything else would let them run what the template's
 * editors never chose:
 * <ul>
 * <li>{@code playbook}: empty or the template's own;
 * <li>{@code environment}: only survey variables of the template, and {@code secret}: only its secret survey
 *     variables; one value each (text, number or true/false), {@code int} variables whole numbers, {@code enum}
 *     variables one of their values. So no runner sets ansible_python_interpreter, ansible_connection and the like
 *     unless a survey variable of that name exists;
 * <li>{@code commit_hash}: only when the template lets tasks choose the branch ({@code arguments} and
 *     {@code git_branch} follow the template's allow_override_* flags for everyone);
 * <li>{@code inventory_id}: as {@code task_params.allow_override_inventory} says when the template has that key;
 *     without it, as Semaphore v2.10's task form offers it to every runner: for ansible, terraform and tofu
 *     templates, not for scripts (which use no inventory);
 * <li>{@code limit}: when {@code task_params.allow_override_limit} (or the template's allow_override_limit) is
 *     true; v2.10's task form offers no limit, so without the key a runner sets none;
 * <li>{@code debug}: unless {@code task_params.allow_debug} is false (v2.10's form offers it to everyone).
 * </ul>
 * A refusal by role is a 403 naming the field, the role and the fix; a value a survey variable cannot take is a 400.
 */
final class TaskOverrides {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");

    /** The request's values, already checked for what is invalid for everyone. */
    record Requested(String playbook, @Nullable ObjectNode environment, @Nullable ObjectNode secret, String limit,
                     @Nullable Integer inventoryId, @Nullable String commitHash, boolean debug) {}

    private TaskOverrides() {}

    /**
     * Whether the caller may set every field: the server itself ({@code user} null, e.g. an autorun deploy), an
     * administrator (who may have no role in the project), or a role that can edit templates.
     */
    static boolean free(@Nullable User user, @Nullable Role role) {
        return user == null || user.admin() || role != null && role.can(Permission.MANAGE_RESOURCES);
    }

    /** Refuses (403, or 400 for a survey value) what a caller who may only run tasks cannot set on {@code tpl}. */
    static void requireAllowed(@Nullable Role role, Template tpl, Requested r) {
        String who = "Your role in this project (" + (role == null ? "none" : role.json()) + ") may not set ";
        String template = "template '" + tpl.name() + "'";
        if (!r.playbook().isEmpty() && !r.playbook().equals(tpl.playbook())) {
            throw new ForbiddenException(who + "'playbook' to '" + r.playbook() + "': " + template + " runs '"
                    + tpl.playbook() + "'; leave 'playbook' empty, or ask a manager to change the template");
        }
        Map<String, SurveyVar> survey = tpl.surveyVars().stream()
                .collect(Collectors.toMap(SurveyVar::name, Function.identity()));
        if (r.environment() != null) {
            r.environment().properties().forEach(e -> {
                SurveyVar v = survey.get(e.getKey());
                if (v == null) {
                    throw new ForbiddenException(who + "extra variable '" + e.getKey() + "': " + template
                            + " has no survey variable of that name; ask a manager to add one");
                }
                requireValue("environment", v, e.getValue());
            });
        }
        if (r.secret() != null) {
            r.secret().properties().forEach(e -> {
                SurveyVar v = survey.get(e.getKey());
                if (v == null || !v.type().equals("secret")) {
                    throw new ForbiddenException(who + "secret '" + e.getKey() + "': " + template
                            + " has no survey variable of type secret of that name; ask a manager to add one");
                }
                requireValue("secret", v, e.getValue());
            });
        }
        if (r.commitHash() != null && !tpl.allowOverrideBranchInTask()) {
            throw new ForbiddenException(who + "'commit_hash': " + template + " does not let tasks choose the branch"
                    + " or commit; ask a manager to enable allow_override_branch_in_task");
        }
        if (r.inventoryId() != null && !r.inventoryId().equals(tpl.inventoryId()) && !inventoryAllowed(tpl)) {
            throw new ForbiddenException(who + "'inventory_id': " + template + (usesInventory(tpl.app())
                    ? " does not let tasks choose the inventory; ask a manager to enable task_params.allow_override_inventory"
                    : " (" + tpl.app() + ") uses no inventory; leave 'inventory_id' out"));
        }
        if (!r.limit().isBlank() && !limitAllowed(tpl)) {
            throw new ForbiddenException(who + "'limit': " + template + " does not let tasks limit the hosts; ask a"
                    + " manager to enable task_params.allow_override_limit");
        }
        if (r.debug() && param(tpl, "allow_debug") == Boolean.FALSE) {
            throw new ForbiddenException(who + "'debug': " + template + " does not let tasks turn on debug output;"
                    + " ask a manager to enable task_params.allow_debug");
        }
    }

    private static boolean inventoryAllowed(Template tpl) {
        Boolean allowed = param(tpl, "allow_override_inventory");
        return allowed != null ? allowed : usesInventory(tpl.app());
    }

    private static boolean usesInventory(String app) {
        return app.equals("ansible") || app.equals("terraform") || app.equals("tofu");
    }

    private static boolean limitAllowed(Template tpl) {
        return tpl.allowOverrideLimit() || param(tpl, "allow_override_limit") == Boolean.TRUE;
    }

    /** A boolean key of the template's task_params; null when the template has no such key. */
    private static @Nullable Boolean param(Template tpl, String key) {
        JsonNode params = tpl.taskParams();
        if (params == null || !params.has(key) || params.get(key).isNull()) {
            return null;
        }
        JsonNode value = params.get(key);
        return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText());
    }

    /** One value a survey variable can take: a scalar; a whole number for int; one of the values for enum. */
    private static void requireValue(String field, SurveyVar v, JsonNode value) {
        if (value.isNull()) {
            return; // no answer
        }
        if (!value.isValueNode()) {
            throw new ValidationException("Field '" + field + "': survey variable '" + v.name() + "' takes one value"
                    + " (text, a number or true/false), not " + (value.isArray() ? "a list" : "an object"));
        }
        String text = value.asText();
        switch (v.type()) {
            case "int" -> {
                if (!value.isIntegralNumber() && !(value.isTextual() && WHOLE_NUMBER.matcher(text).matches())) {
                    throw new ValidationException("Field '" + field + "': survey variable '" + v.name()
                            + "' is an integer; '" + text + "' is not a whole number");
                }
            }
            case "enum" -> {
                if (v.values().stream().noneMatch(o -> text.equals(o.value()))) {
                    throw new ValidationException("Field '" + field + "': survey variable '" + v.name() + "' is '"
                            + text + "'; allowed: " + v.values().stream().map(SurveyVar.Value::value)
                            .collect(Collectors.joining(", ")));
                }
            }
            default -> {
                // text and secret variables take any single value
            }
        }
    }
}
