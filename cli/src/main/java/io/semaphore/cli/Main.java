package io.semaphore.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.semaphore.build.Version;
import io.semaphore.config.ConfigException;
import io.semaphore.db.DatabaseException;
import io.semaphore.errors.ConflictException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.ValidationException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code semaphore}: the entry point. Each verb is one class in this package. */
@Command(name = "semaphore", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Semaphore for Java: web UI, REST API and task runner for Ansible, Terraform/OpenTofu, "
                + "Bash, Python and PowerShell.",
        subcommands = {ServerCommand.class, SetupCommand.class, MigrateCommand.class, UserCommand.class,
                TokenCommand.class, VaultCommand.class, TasksCommand.class, RunnerCommand.class, VersionCommand.class, AotTrainCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  failure at run time (database unreachable, I/O error)",
                "  2  bad usage or invalid configuration", "  3  the named object does not exist",
                "  4  the object already exists or is still needed"})
public final class Main implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    Main(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.out().println(new CommandLine(this).getUsageMessage());
    }

    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err, System.getenv(), Path.of("").toAbsolutePath());
        if (code != 0 || !isServer(args)) {
            System.exit(code);
        }
    }

    private static boolean isServer(String[] args) {
        for (String a : args) {
            if (a.equals("server") || a.equals("service")) {
                return true;
            }
        }
        return false;
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                          Path workDir) {
        GlobalOptions options = new GlobalOptions();
        Cli cli = new Cli(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out, err, env,
                workDir, options);
        if (args.length == 1 && (args[0].equals("server") || args[0].equals("service"))) {
            // The everyday start has nothing to parse: skipping picocli's reflective command tree (its classes cannot
            // go into the AOT cache) saves about 200 ms of every server start.
            setLogLevel(env.get("SEMAPHORE_LOG_LEVEL"));
            try {
                new ServerCommand(cli).run();
                return ExitCodes.OK;
            } catch (RuntimeException e) {
                return exitCode(e, err);
            }
        }
        CommandLine cmd = new CommandLine(Main.class, new Factory(cli, options));
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        cmd.setExecutionStrategy(parsed -> {
            setLogLevel(options.logLevel != null ? options.logLevel : env.get("SEMAPHORE_LOG_LEVEL"));
            return new CommandLine.RunLast().execute(parsed);
        });
        cmd.setExecutionExceptionHandler((e, command, parsed) -> exitCode(e, err));
        return cmd.execute(args);
    }

    /** Prints the failure and chooses the exit code scripts see. */
    private static int exitCode(Exception e, PrintStream err) {
        err.println("Error: " + e.getMessage());
        return switch (e) {
            case ConfigException c -> ExitCodes.USAGE;
            case ValidationException v -> ExitCodes.USAGE;
            case NotFoundException n -> ExitCodes.NOT_FOUND;
            case ConflictException c -> ExitCodes.CONFLICT;
            case DatabaseException d -> ExitCodes.FAILURE;
            case io.semaphore.key.Secrets.SecretUnreadableException s -> ExitCodes.FAILURE;
            default -> {
                e.printStackTrace(err);
                yield ExitCodes.FAILURE;
            }
        };
    }

    private static void setLogLevel(String level) {
        if (level == null || level.isBlank()) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.describe()};
        }
    }

    /** Gives commands the {@link Cli} context and every mixin the one shared {@link GlobalOptions}. */
    private record Factory(Cli cli, GlobalOptions options) implements CommandLine.IFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GlobalOptions.class) {
                return (K) options;
            }
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Cli.class) {
                    c.setAccessible(true);
                    return (K) c.newInstance(cli);
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
