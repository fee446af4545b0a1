/**
 * Private files of a running job: {@link io.semaphore.runtime.files.PrivateFiles} creates 0700 folders, 0600 files
 * and helper scripts that hold no secret (they print an environment variable), and deletes them again.
 */
@NullMarked
package io.semaphore.runtime.files;

import org.jspecify.annotations.NullMarked;
