/**
 * What this build is: its version, git commit and build date ({@link io.semaphore.build.Version}), read from the
 * {@code build-info.properties} Maven writes next to the class. Below every other package, so the API, the CLI and
 * the server's start-up line can all tell it.
 */
package io.semaphore.build;
