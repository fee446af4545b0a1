package io.semaphore.auth;

import io.semaphore.user.User;

/** Who is calling: the user, and the session or API token they came with (exactly one of the two is set). */
public record Principal(User user, Integer sessionId, String tokenId) {}
