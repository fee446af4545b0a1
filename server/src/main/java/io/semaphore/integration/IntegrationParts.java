package io.semaphore.integration;

import io.semaphore.errors.NotFoundException;
import java.util.List;

/**
 * The matchers or the extracted values of integrations: the integration is looked up in its project first, the
 * request is checked by that kind's rules ({@link IntegrationService}'s), and every change is recorded as an event
 * of the integration ("Integration deploy: matcher on-push created").
 */
public final class IntegrationParts<T extends IntegrationPart> {
    /** The checks of one kind: the record to store, or a {@code ValidationException} that says what to fix. */
    interface Rules<T> {
        T validated(int integrationId, int id, T request);
    }

    private final IntegrationService integrations;
    private final IntegrationStore.PartTable<T> table;
    private final String noun;
    private final Rules<T> rules;

    IntegrationParts(IntegrationService integrations, IntegrationStore.PartTable<T> table, String noun, Rules<T> rules) {
        this.integrations = integrations;
        this.table = table;
        this.noun = noun;
        this.rules = rules;
    }

    public List<T> list(int projectId, int integrationId) {
        integrations.get(projectId, integrationId);
        return integrations.store().parts(table, projectId, integrationId);
    }

    public T get(int projectId, int integrationId, int id) {
        integrations.get(projectId, integrationId);
        return integrations.store().part(table, projectId, integrationId, id).orElseThrow(() -> new NotFoundException(
                Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " " + id + " not found in integration "
                        + integrationId));
    }

    public T create(int userId, int projectId, int integrationId, T request) {
        Integration i = integrations.get(projectId, integrationId);
        T part = rules.validated(integrationId, 0, request);
        return integrations.changes().recorded(projectId, userId, "integration",
                () -> integrations.store().part(table, projectId, integrationId, integrations.store().insertPart(table, part))
                        .orElseThrow(),
                created -> i.id(), created -> event(i, part, "created"));
    }

    public void update(int userId, int projectId, int integrationId, int id, T request) {
        Integration i = integrations.get(projectId, integrationId);
        get(projectId, integrationId, id);
        T part = rules.validated(integrationId, id, request);
        integrations.changes().changed(projectId, userId, "integration", i.id(),
                () -> integrations.store().updatePart(table, part), () -> event(i, part, "updated"));
    }

    public void delete(int userId, int projectId, int integrationId, int id) {
        Integration i = integrations.get(projectId, integrationId);
        T part = get(projectId, integrationId, id);
        integrations.changes().changed(projectId, userId, "integration", i.id(),
                () -> integrations.store().deletePart(table, integrationId, id), () -> event(i, part, "deleted"));
    }

    /** "Integration deploy: matcher on-push created" */
    private String event(Integration i, T part, String what) {
        return "Integration " + i.name() + ": " + noun + " " + part.name() + " " + what;
    }
}
