/**
 * The {@code semaphore} command line (picocli): {@link io.semaphore.cli.Main} lists the verbs, each one class
 * ({@code ServerCommand}, {@code SetupCommand}, {@code MigrateCommand}, {@code UserCommand}, {@code TokenCommand},
 * {@code RunnerCommand}, {@code VersionCommand}); exit codes are in {@code ExitCodes}.
 */
package io.semaphore.cli;
