package io.semaphore.key;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A key of the Key Store as the API shows it (Semaphore's {@code AccessKey}). It holds no secret: {@code ssh}
 * and {@code login_password} are always serialized blank, as Semaphore's Go structs serialize them, and
 * {@code empty} tells whether a secret is stored.
 */
public record AccessKey(int id, String name, String type, int projectId, boolean empty) {

    @JsonProperty("ssh")
    public SshKey ssh() {
        return SshKey.BLANK;
    }

    @JsonProperty("login_password")
    public LoginPassword loginPassword() {
        return LoginPassword.BLANK;
    }

    @JsonProperty("string")
    public String string() {
        return "";
    }

    @JsonProperty("override_secret")
    public boolean overrideSecret() {
        return false;
    }
}
