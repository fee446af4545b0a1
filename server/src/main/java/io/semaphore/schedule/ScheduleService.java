package io.semaphore.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.errors.ValidationException;
import io.semaphore.project.ProjectChanges;
import io.semaphore.project.References.Kind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Creating, changing and deleting schedules (Semaphore's rules), and the preview of their next runs. */
public final class ScheduleService {
    private final ProjectChanges changes;
    private final ScheduleStore store;
    private final ZoneId zone;

    public ScheduleService(ProjectChanges changes, ZoneId zone) {
        this.changes = changes;
        this.store = changes.store(ScheduleStore::new);
        this.zone = zone;
    }

    /** The zone cron expressions are read in ({@code schedule.timezone}). */
    public ZoneId zone() {
        return zone;
    }

    ScheduleStore store() {
        return store;
    }

    /** The project's schedules, each with its template's name ({@code tpl_name}). */
    public List<Schedule> list(int projectId) {
        return store.list(projectId, null);
    }

    /** The schedules of one template (Semaphore answers them without {@code tpl_name}). */
    public List<Schedule> listOfTemplate(int projectId, int templateId) {
        changes.references().requireInProject(Kind.TEMPLATE, "template_id", projectId, templateId);
        return store.list(projectId, templateId).stream().map(ScheduleService::withoutTemplateName).toList();
    }

    public Schedule get(int projectId, int id) {
        return changes.found(store.find(projectId, id).map(ScheduleService::withoutTemplateName), "Schedule", projectId, id);
    }

    public Schedule create(Integer userId, int projectId, ScheduleRequest r) {
        Schedule s = checked(projectId, 0, r);
        return changes.created(projectId, userId, "schedule", () -> get(projectId, store.insert(s, now())), Schedule::id,
                created -> "Schedule " + label(created));
    }

    public void update(Integer userId, int projectId, int id, ScheduleRequest r) {
        get(projectId, id);
        if (r.id() != null && r.id() != id) {
            throw new ValidationException("Field 'id' is " + r.id() + " but the URL names schedule " + id);
        }
        Schedule s = checked(projectId, id, r);
        // Named as it is once changed: an unnamed schedule is named by its cron expression or time.
        changes.changed(projectId, userId, "schedule", id, () -> store.update(s),
                () -> "Schedule " + label(get(projectId, id)) + " updated");
    }

    /** {@code PUT /schedules/{id}/active}: a schedule switched on starts counting from now (no catching up). */
    public void setActive(Integer userId, int projectId, int id, boolean active) {
        Schedule old = get(projectId, id);
        Instant next = active ? nextDue(old.type(), old.cronFormat(), old.runAt(), now()) : null;
        changes.changed(projectId, userId, "schedule", id, () -> store.setActive(projectId, id, active, next),
                () -> "Schedule " + label(old) + (active ? " activated" : " deactivated"));
    }

    public void delete(Integer userId, int projectId, int id) {
        Schedule s = get(projectId, id);
        changes.deleted(projectId, userId, "schedule", id, "Schedule " + label(s), null, () -> store.delete(projectId, id));
    }

    /** {@code POST /schedules/validate}: nothing when the expression is valid, else a 400 saying why. */
    public void validate(String cronFormat) {
        CronExpression.parse(cronFormat);
    }

    /** What the UI shows beside the cron editor: the expression in words and its next due times in the zone. */
    public record Preview(String description, String timezone, List<Instant> nextRuns) {}

    public Preview preview(String cronFormat, int count) {
        CronExpression cron = CronExpression.parse(cronFormat);
        List<Instant> next = new ArrayList<>();
        Instant at = now();
        for (int i = 0; i < Math.max(1, Math.min(count, 20)); i++) {
            var n = cron.nextAfter(at, zone);
            if (n.isEmpty()) {
                break;
            }
            at = n.get();
            next.add(at);
        }
        return new Preview(cron.describe(), zone.getId(), next);
    }

    /**
     * The next due time of a schedule from {@code after}: the run_at time while it is still ahead, or the cron
     * expression's next time; null when there is none.
     */
    Instant nextDue(String type, String cronFormat, Instant runAt, Instant after) {
        if (Schedule.TYPE_RUN_AT.equals(type)) {
            return runAt != null && runAt.isAfter(after) ? runAt : null;
        }
        return CronExpression.parse(cronFormat).nextAfter(after, zone).orElse(null);
    }

    private Schedule checked(int projectId, int id, ScheduleRequest r) {
        if (r.projectId() != null && r.projectId() != 0 && r.projectId() != projectId) {
            throw new ValidationException("Field 'project_id' is " + r.projectId() + " but the URL names project " + projectId);
        }
        if (r.templateId() == null) {
            throw new ValidationException("Field 'template_id' is required");
        }
        changes.references().requireInProject(Kind.TEMPLATE, "template_id", projectId, r.templateId());
        if (r.repositoryId() != null) {
            throw new ValidationException("Field 'repository_id' (run when the repository has a new commit) is not"
                    + " supported yet; leave it out or null");
        }
        String name = r.name() == null ? "" : r.name().trim();
        if (name.length() > 100) {
            throw new ValidationException("Field 'name' is longer than 100 characters");
        }
        String type = r.type() == null ? Schedule.TYPE_CRON : r.type();
        String cron;
        Instant runAt = null;
        if (type.equals(Schedule.TYPE_CRON)) {
            cron = CronExpression.parse(r.cronFormat()).toString();
        } else if (type.equals(Schedule.TYPE_RUN_AT)) {
            if (r.runAt() == null) {
                throw new ValidationException("Field 'run_at' is required for a schedule of type run_at: a date and"
                        + " time such as 2030-01-31T06:00:00Z");
            }
            runAt = r.runAt().toInstant().truncatedTo(ChronoUnit.SECONDS);
            if (!runAt.isAfter(now())) {
                throw new ValidationException("Field 'run_at' (" + runAt + ") is not in the future");
            }
            cron = "";
        } else {
            throw new ValidationException("Field 'type' is '" + type + "'; allowed: \"\" (cron) or \"run_at\" (once)");
        }
        JsonNode params = r.taskParams();
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new ValidationException("Field 'task_params' must be a JSON object of task fields, e.g. {\"debug\": true}");
        }
        boolean active = Boolean.TRUE.equals(r.active());
        Instant next = active ? nextDue(type, cron, runAt, now()) : null;
        return new Schedule(id, projectId, r.templateId(), cron, name, active, type,
                Boolean.TRUE.equals(r.deleteAfterRun()), null, runAt, params, next, null, null, 0, null);
    }

    private Instant now() {
        return changes.now();
    }

    static String label(Schedule s) {
        return s.name().isEmpty() ? "#" + s.id() + " (" + (s.oneTime() ? "at " + s.runAt() : s.cronFormat()) + ")" : s.name();
    }

    private static Schedule withoutTemplateName(Schedule s) {
        return new Schedule(s.id(), s.projectId(), s.templateId(), s.cronFormat(), s.name(), s.active(), s.type(),
                s.deleteAfterRun(), s.repositoryId(), s.runAt(), s.taskParams(), s.nextRunAt(), s.lastRunAt(),
                s.lastMissedAt(), s.missedRuns(), null);
    }
}
