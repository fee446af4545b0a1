package io.semaphore.cli;

import io.semaphore.app.Server;
import io.semaphore.config.Config;
import io.semaphore.user.FirstAdmin;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code semaphore server}: migrate, make sure an admin exists, serve until stopped (Ctrl-C or SIGTERM). */
@Command(name = "server", aliases = "service", mixinStandardHelpOptions = true,
        description = "Run the web server, API and task runner")
final class ServerCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    ServerCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        Config config = cli.config();
        Server server = Server.open(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            FirstAdmin.ensure(server.services().users(), cli.env()).ifPresent(created ->
                    created.generatedPassword().ifPresent(pw -> banner(created.login(), pw)));
            int port = server.start();
            cli.out().println("Semaphore is ready: http://" + (config.iface().isEmpty() ? "localhost" : config.iface())
                    + ":" + port + "  (config: " + (config.source() == null ? "environment" : config.source()) + ")");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "semaphore-shutdown"));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void banner(String login, String password) {
        cli.out().println("""

                ==========================================================
                 First start: created administrator '%s'
                 Password: %s
                 Sign in and change it (or: semaphore user change-by-login
                 --login %s --password <new>). It is not shown again.
                ==========================================================
                """.formatted(login, password, login));
    }
}
