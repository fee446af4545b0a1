package io.semaphore.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.errors.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a key's secret payload and converts it to and from the plaintext that is encrypted, in Semaphore's
 * format: JSON {@code {"login","passphrase","private_key"}} for ssh, {@code {"login","password"}} for
 * login_password, the raw value for string. No method here puts a secret into a message.
 */
final class KeyPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One PEM or OpenSSH private key block: "-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----" ... END. */
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----\\n[A-Za-z0-9+/=:,\\-\\s]+?\\n-----END \\1PRIVATE KEY-----\\n");

    private static final int MAX_KEY_LENGTH = 65_536;

    private KeyPayloads() {}

    /** The plaintext to encrypt for a key of this type, or null when the type stores no secret. */
    static String plaintext(KeyType type, SshKey ssh, LoginPassword loginPassword) {
        return switch (type) {
            case NONE -> null;
            case SSH -> {
                if (ssh == null || ssh.privateKey() == null || ssh.privateKey().isBlank()) {
                    throw new ValidationException("Field 'ssh.private_key' is required for an ssh key");
                }
                yield json("login", text(ssh.login()), "passphrase", text(ssh.passphrase()),
                        "private_key", privateKey(ssh.privateKey()));
            }
            case LOGIN_PASSWORD -> {
                if (loginPassword == null || loginPassword.password() == null || loginPassword.password().isEmpty()) {
                    throw new ValidationException("Field 'login_password.password' is required for a login_password key");
                }
                yield json("login", text(loginPassword.login()), "password", loginPassword.password());
            }
            case STRING -> throw new IllegalArgumentException("string keys are written by the environment secrets code");
        };
    }

    /**
     * Normalizes line ends and the final newline (ssh tools need it) and checks that the text is one private key
     * block, so that a public key or a truncated paste is refused now rather than when a task runs.
     */
    static String privateKey(String pasted) {
        if (pasted.length() > MAX_KEY_LENGTH) {
            throw new ValidationException("Field 'ssh.private_key' is longer than " + MAX_KEY_LENGTH + " characters");
        }
        String key = pasted.replace("\r\n", "\n").replace('\r', '\n').strip() + "\n";
        if (key.startsWith("ssh-") || key.startsWith("ecdsa-") || key.contains("PUBLIC KEY-----")) {
            throw new ValidationException("Field 'ssh.private_key' holds a public key; paste the private key"
                    + " (the file without .pub, starting with '-----BEGIN OPENSSH PRIVATE KEY-----')");
        }
        if (key.startsWith("PuTTY-User-Key-File")) {
            throw new ValidationException("Field 'ssh.private_key' is a PuTTY .ppk key; export it in OpenSSH format"
                    + " (PuTTYgen: Conversions > Export OpenSSH key)");
        }
        if (!PRIVATE_KEY.matcher(key).matches()) {
            throw new ValidationException("Field 'ssh.private_key' is not a private key: expected one PEM or OpenSSH"
                    + " block from '-----BEGIN ... PRIVATE KEY-----' to the matching '-----END ... PRIVATE KEY-----'");
        }
        return key;
    }

    /** Rebuilds the payload from a decrypted secret ({@code plaintext} null: no secret stored). */
    static DecryptedKey read(int id, String name, KeyType type, String plaintext) {
        if (plaintext == null || type == KeyType.NONE) {
            return DecryptedKey.empty(id, name, type);
        }
        if (type == KeyType.STRING) {
            return new DecryptedKey(id, name, type, "", "", "", "", plaintext);
        }
        JsonNode n;
        try {
            n = JSON.readTree(plaintext);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The secret of access key " + id + " is not the JSON this server writes");
        }
        return new DecryptedKey(id, name, type, n.path("login").asText(""),
                type == KeyType.LOGIN_PASSWORD ? n.path("password").asText("") : "",
                n.path("passphrase").asText(""), n.path("private_key").asText(""), "");
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** A JSON object of the given name/value pairs, in that order. */
    private static String json(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a key payload as JSON", e);
        }
    }
}
