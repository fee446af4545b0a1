/**
 * User accounts: {@link io.semaphore.user.User}, {@link io.semaphore.user.UserStore} (table "user"),
 * {@link io.semaphore.user.UserService} (who may change whom; shared by API and CLI) and
 * {@link io.semaphore.user.Passwords} (bcrypt, cost 11 as Semaphore).
 */
package io.semaphore.user;
