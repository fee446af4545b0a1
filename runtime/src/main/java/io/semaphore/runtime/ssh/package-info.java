/**
 * SSH keys for git and ansible: {@link io.semaphore.runtime.ssh.SshAgent} runs the system {@code ssh-agent} on a
 * Unix socket in a private (0700) folder and loads keys into it through {@code ssh-add -} on stdin, so a private key
 * is never written to disk; passphrases reach {@code ssh-add} through an environment variable and an askpass helper.
 */
@NullMarked
package io.semaphore.runtime.ssh;

import org.jspecify.annotations.NullMarked;
