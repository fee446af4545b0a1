package io.semaphore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code semaphore runner start|register|unregister|setup}. The remote runner is built in its own issue; until
 * then each verb says so and exits with 1, so scripts do not mistake it for a running runner.
 */
@Command(name = "runner", mixinStandardHelpOptions = true, description = "Remote runner (not available yet in this version)",
        subcommands = {RunnerCommand.Verb.Start.class, RunnerCommand.Verb.Register.class,
                RunnerCommand.Verb.Unregister.class, RunnerCommand.Verb.Setup.class})
final class RunnerCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    RunnerCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.err().println("Choose one of: start, register, unregister, setup (see semaphore runner --help)");
    }

    abstract static class Verb implements java.util.concurrent.Callable<Integer> {
        @Mixin
        GlobalOptions global;

        private final Cli cli;

        Verb(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.err().println("The remote runner is not available in this version of Semaphore for Java yet;"
                    + " tasks run on the server itself.");
            return ExitCodes.FAILURE;
        }

        @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the runner")
        static final class Start extends Verb {
            Start(Cli cli) {
                super(cli);
            }
        }

        @Command(name = "register", mixinStandardHelpOptions = true, description = "Register the runner with a server")
        static final class Register extends Verb {
            @picocli.CommandLine.Option(names = "--stdin-registration-token", description = "Read the registration token from stdin")
            boolean stdinToken;

            Register(Cli cli) {
                super(cli);
            }
        }

        @Command(name = "unregister", mixinStandardHelpOptions = true, description = "Unregister the runner")
        static final class Unregister extends Verb {
            Unregister(Cli cli) {
                super(cli);
            }
        }

        @Command(name = "setup", mixinStandardHelpOptions = true, description = "Write config-runner.json interactively")
        static final class Setup extends Verb {
            Setup(Cli cli) {
                super(cli);
            }
        }
    }
}
