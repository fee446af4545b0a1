package io.semaphore.project;

import java.util.List;

/**
 * The shape every project resource area shares (keys, repositories, inventories, variable groups): list, read,
 * what refers to one, create, update and delete within a project, each by the acting user. The area's own rules
 * (validation, secrets, what may be deleted) stay in its service; the API serves every area through one handler.
 *
 * @param <T> what is read (the resource as the API answers it)
 * @param <R> what is written (the request body)
 */
public interface ProjectResources<T, R> {
    /** {@code sort} and {@code order} as the API's query parameters ({@code null}: the area's default). */
    List<T> list(int projectId, String sort, String order);

    /** 404 when it does not exist in this project. */
    T get(int projectId, int id);

    /** What uses it (templates, inventories, ...): what stands in the way of its deletion. */
    References.Refs refs(int projectId, int id);

    T create(int userId, int projectId, R request);

    void update(int userId, int projectId, int id, R request);

    void delete(int userId, int projectId, int id);
}
