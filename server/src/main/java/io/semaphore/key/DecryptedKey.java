package io.semaphore.key;

/**
 * A key with its secret decrypted, for the code that uses it (git checkout, ssh agent, ansible, task
 * environment); never for the API. Fields that the type does not use are empty strings; {@code value} is the
 * value of a {@code string} key (an environment secret). {@code toString} hides every secret.
 */
public record DecryptedKey(int id, String name, KeyType type, String login, String password, String passphrase,
                           String privateKey, String value) {

    static DecryptedKey empty(int id, String name, KeyType type) {
        return new DecryptedKey(id, name, type, "", "", "", "", "");
    }

    @Override
    public String toString() {
        return "DecryptedKey[id=" + id + ", name=" + name + ", type=" + type.json() + ", login=" + login
                + ", password=" + Hidden.of(password) + ", passphrase=" + Hidden.of(passphrase)
                + ", privateKey=" + Hidden.of(privateKey) + ", value=" + Hidden.of(value) + "]";
    }
}
