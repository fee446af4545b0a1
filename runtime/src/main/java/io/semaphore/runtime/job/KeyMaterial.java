package io.semaphore.runtime.job;

/**
 * A decrypted access key as the runtime uses it: {@code type} none, ssh (privateKey, optional passphrase, login)
 * or login_password (login, password). Lives in memory only; toString never shows a secret.
 */
public record KeyMaterial(String type, String login, String password, String privateKey, String passphrase) {
    public static final KeyMaterial NONE = new KeyMaterial("none", null, null, null, null);

    @Override
    public String toString() {
        return "KeyMaterial[" + type + (login == null ? "" : ", login " + login) + "]";
    }
}
