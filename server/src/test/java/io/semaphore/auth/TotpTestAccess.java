package io.semaphore.auth;

/** Lets tests of other packages decode a TOTP secret as the server does. */
public final class TotpTestAccess {
    private TotpTestAccess() {}

    public static byte[] base32Decode(String secret) {
        return TotpService.base32Decode(secret);
    }
}
