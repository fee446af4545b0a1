package io.semaphore.key;

/**
 * The payload of a {@code login_password} key ({@code {login, password}}), as sent by clients and as stored
 * (encrypted) in {@code access_key.secret}. Responses only ever carry {@link #BLANK}.
 */
public record LoginPassword(String login, String password) {
    public static final LoginPassword BLANK = new LoginPassword("", "");

    @Override
    public String toString() {
        return "LoginPassword[login=" + login + ", password=" + Hidden.of(password) + "]";
    }
}
