package io.semaphore.auth.ldap;

import io.semaphore.errors.UnauthorizedException;

/** The directory knows the login, and the password is not its password (401, the usual sign-in message). */
public final class WrongPasswordException extends UnauthorizedException {
    WrongPasswordException() {
        super("Incorrect login or password");
    }
}
