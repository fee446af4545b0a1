package io.semaphore.app;

import io.semaphore.integration.WebhookReceiver;
import io.semaphore.limits.TaskDurationLimit;
import io.semaphore.metrics.ServerMetrics;
import io.semaphore.retention.RetentionJob;
import io.semaphore.runner.RunnerDispatch;
import io.semaphore.runner.RunnerHealth;
import io.semaphore.notification.NotificationService;
import io.semaphore.runtime.Jobs;
import io.semaphore.schedule.ScheduleFiring;
import io.semaphore.task.TaskService;
import io.semaphore.task.log.RemoteTaskFeed;
import io.semaphore.task.run.ProjectJobResources;
import io.semaphore.task.run.TaskScheduler;

/**
 * The task engine of a serving node, over {@link Services}: the scheduler (queue, limits, claims, leases), the feed
 * of other nodes' tasks to this node's live sockets, and the heap trim. Built without threads; {@link #start}
 * starts them and {@link #close} stops them (it made them), before the services close.
 */
public final class Engine implements AutoCloseable {
    private final TaskScheduler scheduler;
    private final TaskService tasks;
    private final RemoteTaskFeed remoteTasks;
    private final ScheduleFiring scheduleFiring;
    private final NotificationService notifications;
    private final WebhookReceiver webhooks;
    private final ServerMetrics metrics;
    private final TaskDurationLimit durationLimit;
    private final RetentionJob retention;
    private final RunnerDispatch runnerDispatch;
    private final RunnerHealth runnerHealth;
    private HeapTrim heapTrim;

    public Engine(Services s) {
        var config = s.config();
        scheduler = new TaskScheduler(s.taskStore(), s.lifecycle(), s.templates(), s.projectStore(), s.logs(),
                new ProjectJobResources(s.keys(), s.repositories(), s.inventories(), s.environments()), s.apps(),
                Jobs.local(config.maxTaskOutputLineKb() * 1024), config, s.clock());
        tasks = new TaskService(s.taskStore(), s.lifecycle(), s.logs(), s.templates(), s.references(), scheduler,
                s.clock());
        scheduler.onFinished(tasks::autorun); // a successful build starts its deploys
        notifications = NotificationService.fromConfig(config, s.db(), s.projectStore(), s.templates(), s.events());
        scheduler.onFinished(notifications::taskEnded); // sends on threads of its own
        webhooks = new WebhookReceiver(s.integrations(), tasks, s.events(), config.globalIntegrationAlias());
        remoteTasks = new RemoteTaskFeed(s.taskStore(), s.taskOutput(), s.hub(), scheduler::nodeId);
        metrics = new ServerMetrics(s.db(), s.clock(), scheduler::runningCount, s.hub()::viewers);
        durationLimit = new TaskDurationLimit(s.db(), tasks, s.logs(), scheduler::nodeId, config.maxTaskDurationSec(),
                s.clock());
        retention = new RetentionJob(s.pruner(), config.maxTaskAgeDays());
        scheduleFiring = new ScheduleFiring(s.db(), s.schedules(), tasks, s.events(), s.clock());
        // Remote runners: tasks routed to them wait for a runner's poll; one health job per node.
        runnerDispatch = new RunnerDispatch(s.runners(), s.taskStore(), s.lifecycle(), s.logs(), s.templates(),
                s.projectStore(), s.keys(), s.repositories(), s.inventories(), s.environments(), config, s.clock());
        runnerDispatch.connect(scheduler::takeSecret, scheduler::endedElsewhere);
        scheduler.routeRemote(runnerDispatch);
        runnerHealth = new RunnerHealth(runnerDispatch);
        metrics.runnersOnline(s.runners()::onlineCount);
    }

    public void start() {
        scheduler.start();
        remoteTasks.start();
        scheduleFiring.start();
        retention.start();
        durationLimit.start();
        runnerHealth.start();
        heapTrim = new HeapTrim();
    }

    public TaskScheduler scheduler() {
        return scheduler;
    }

    public ScheduleFiring scheduleFiring() {
        return scheduleFiring;
    }

    public NotificationService notifications() {
        return notifications;
    }

    public WebhookReceiver webhooks() {
        return webhooks;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public TaskService tasks() {
        return tasks;
    }

    public RunnerDispatch runnerDispatch() {
        return runnerDispatch;
    }

    /** Stops the threads: the heap trim, the feed, then the scheduler and this node's tasks (their status: stopped). */
    @Override
    public void close() {
        if (heapTrim != null) {
            heapTrim.close();
        }
        scheduleFiring.close();
        retention.close();
        durationLimit.close();
        runnerHealth.close();
        remoteTasks.close();
        scheduler.close();
        notifications.close();
        metrics.close();
    }
}
