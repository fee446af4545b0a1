/**
 * Git working copies for jobs: {@link io.semaphore.runtime.git.GitCheckout} clones or updates a repository (or uses
 * a local path in place), checks out a commit and reports it; {@link io.semaphore.runtime.git.GitAuth} gives git
 * its credentials (an ssh agent, or a {@code GIT_ASKPASS} helper reading environment variables) without writing a
 * secret into a file or a URL. Every git command has a timeout; failures are
 * {@link io.semaphore.runtime.git.GitException}s whose message is the log line.
 */
@NullMarked
package io.semaphore.runtime.git;

import org.jspecify.annotations.NullMarked;
