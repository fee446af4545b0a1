package io.semaphore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.config.Config;
import io.semaphore.config.RunnerConfig;
import io.semaphore.runner.agent.RunnerAgent;
import io.semaphore.runner.agent.RunnerClient;
import io.semaphore.runner.agent.RunnerSetup;
import io.semaphore.runtime.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code semaphore runner start|register|unregister|setup}: the remote runner, configured by the {@code runner}
 * block of its config (or {@code SEMAPHORE_RUNNER_*}) and {@code web_host}, the server's URL. {@code register}
 * gets a token with the server's registration token and writes it to {@code runner.token_file}; {@code start}
 * polls the server every second and runs the tasks it takes; {@code unregister} deletes the runner on the server
 * and its token file.
 */
@Command(name = "runner", mixinStandardHelpOptions = true, description = "Remote runner",
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

        final Cli cli;

        Verb(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            try {
                return run();
            } catch (RunnerClient.Refused e) {
                cli.err().println(e.getMessage());
                return ExitCodes.FAILURE;
            } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                cli.err().println(e.getMessage());
                return ExitCodes.FAILURE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.FAILURE;
            }
        }

        abstract int run() throws IOException, InterruptedException;

        @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the runner: poll the server and run its tasks")
        static final class Start extends Verb {
            Start(Cli cli) {
                super(cli);
            }

            @Override
            int run() throws IOException {
                Config config = cli.runnerConfig();
                RunnerAgent agent = new RunnerAgent(RunnerSetup.client(config), config,
                        Jobs.local(config.maxTaskOutputLineKb() * 1024), cli.out()::println);
                Thread hook = new Thread(agent::close, "semaphore-runner-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                cli.out().println("Runner started: polling " + config.webHost() + " every second"
                        + (config.runner().oneOff() ? " (one-off: exits after its first task)" : ""));
                agent.loop();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // shutting down already
                }
                return ExitCodes.OK;
            }
        }

        @Command(name = "register", mixinStandardHelpOptions = true, description = "Register the runner with a server")
        static final class Register extends Verb {
            @picocli.CommandLine.Option(names = "--stdin-registration-token", description = "Read the registration token from stdin")
            boolean stdinToken;

            Register(Cli cli) {
                super(cli);
            }

            @Override
            int run() throws IOException, InterruptedException {
                Config config = cli.runnerConfig();
                RunnerConfig rc = config.runner();
                String reg = RunnerSetup.registrationToken(rc, stdinToken ? cli.in().readLine() : null);
                if (reg.isBlank()) {
                    cli.err().println("No registration token: pass it on stdin with --stdin-registration-token, or set"
                            + " runner.registration_token (SEMAPHORE_RUNNER_REGISTRATION_TOKEN)");
                    return ExitCodes.USAGE;
                }
                String token = RunnerSetup.register(config, reg);
                if (token != null) {
                    cli.out().println("Registered. This runner's token (shown once; set it as runner.token or"
                            + " SEMAPHORE_RUNNER_TOKEN):");
                    cli.out().println(token);
                } else {
                    cli.out().println("Registered; token written to " + rc.tokenFile());
                }
                return ExitCodes.OK;
            }
        }

        @Command(name = "unregister", mixinStandardHelpOptions = true, description = "Unregister the runner")
        static final class Unregister extends Verb {
            Unregister(Cli cli) {
                super(cli);
            }

            @Override
            int run() throws IOException, InterruptedException {
                RunnerSetup.unregister(cli.runnerConfig());
                cli.out().println("Unregistered: the server deleted this runner");
                return ExitCodes.OK;
            }
        }

        @Command(name = "setup", mixinStandardHelpOptions = true, description = "Write config-runner.json interactively")
        static final class Setup extends Verb {
            Setup(Cli cli) {
                super(cli);
            }

            @Override
            int run() throws IOException {
                Path file = global.configPath() != null ? global.configPath() : cli.workDir().resolve("config-runner.json");
                String url = ask("Server URL (web_host)", "http://localhost:3000");
                String tokenFile = ask("Token file", cli.workDir().resolve("runner-token").toString());
                String max = ask("Max parallel tasks (0 = unlimited)", "1");
                String tmp = ask("Folder for task files (tmp_path)", "/tmp/semaphore-runner");
                ObjectNode root = new ObjectMapper().createObjectNode();
                root.put("web_host", url).put("tmp_path", tmp);
                ObjectNode runner = root.putObject("runner");
                runner.put("token_file", tokenFile);
                try {
                    runner.put("max_parallel_tasks", Integer.parseInt(max));
                } catch (NumberFormatException e) {
                    cli.err().println("Max parallel tasks must be a number, not '" + max + "'");
                    return ExitCodes.USAGE;
                }
                Files.writeString(file, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
                cli.out().println("Wrote " + file + ". Next: semaphore runner register --config " + file
                        + " --stdin-registration-token, then semaphore runner start --config " + file);
                return ExitCodes.OK;
            }

            private String ask(String question, String dflt) throws IOException {
                cli.out().print(question + " [" + dflt + "]: ");
                cli.out().flush();
                String a = cli.in().readLine();
                return a == null || a.isBlank() ? dflt : a.trim();
            }
        }

    }
}
