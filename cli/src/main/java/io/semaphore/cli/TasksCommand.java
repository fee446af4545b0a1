package io.semaphore.cli;

import io.semaphore.app.Services;
import io.semaphore.errors.ValidationException;
import io.semaphore.retention.TaskPruner;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code semaphore tasks prune}: deletes old finished tasks now, as the background retention does. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Task history",
        subcommands = {TasksCommand.Prune.class})
final class TasksCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    private final Cli cli;

    TasksCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        cli.err().println("Choose: prune (see semaphore tasks prune --help)");
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete finished tasks (and their output) older than --older-than-days, default the"
                    + " configured max_task_age_days, in small batches; on SQLite the file shrinks back")
    static final class Prune implements Runnable {
        @Mixin GlobalOptions global;
        @Option(names = "--older-than-days", description = "Age limit in days (default: max_task_age_days)")
        Integer days;
        @Option(names = "--batch-size", description = "Tasks deleted per transaction (default: ${DEFAULT-VALUE})")
        int batchSize = TaskPruner.DEFAULT_BATCH;
        private final Cli cli;

        Prune(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            try (Services s = cli.services()) {
                int limit = days != null ? days : s.config().maxTaskAgeDays();
                if (limit < 1) {
                    throw new ValidationException("Give the age limit with --older-than-days N (1 or more), or set"
                            + " max_task_age_days in the configuration");
                }
                if (batchSize < 1) {
                    throw new ValidationException("--batch-size must be 1 or more");
                }
                TaskPruner.Result r = s.pruner().prune(Duration.ofDays(limit), batchSize, Duration.ZERO);
                cli.out().println("Deleted " + r.tasks() + " task(s) finished more than " + limit + " day(s) ago, with "
                        + r.lines() + " output line(s), in " + r.batches() + " batch(es); longest batch "
                        + r.longestBatch().toMillis() + " ms"
                        + (r.fileBytesBefore() > 0 ? ", longest vacuum step " + r.longestVacuumStep().toMillis() + " ms" : "")
                        + ", " + r.took().toMillis() + " ms in all"
                        + (r.fileBytesBefore() > 0 ? "; database file " + r.fileBytesBefore() / 1024 + " KiB -> "
                        + r.fileBytesAfter() / 1024 + " KiB" : ""));
            }
        }
    }
}
