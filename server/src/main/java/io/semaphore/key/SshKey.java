package io.semaphore.key;

/**
 * The payload of an {@code ssh} key ({@code {login, passphrase, private_key}}), as sent by clients and as stored
 * (encrypted) in {@code access_key.secret}. Responses only ever carry {@link #BLANK}.
 */
public record SshKey(String login, String passphrase, String privateKey) {
    public static final SshKey BLANK = new SshKey("", "", "");

    @Override
    public String toString() {
        return "SshKey[login=" + login + ", passphrase=" + Hidden.of(passphrase) + ", privateKey=" + Hidden.of(privateKey) + "]";
    }
}
