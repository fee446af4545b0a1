package io.semaphore.user;

/**
 * Body of {@code POST /api/users} and {@code PUT /api/users/{id}} (Semaphore's {@code UserWithPwd}); absent fields
 * are null. An {@code id} in the body is not read.
 */
public record UserRequest(String username, String name, String email, String password, Boolean admin,
                          Boolean alert, Boolean external) {}
