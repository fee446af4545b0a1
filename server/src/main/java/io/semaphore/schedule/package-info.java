/**
 * Schedules: Semaphore's cron and one-time ("run_at") schedules of a template ({@link
 * io.semaphore.schedule.ScheduleService}), and the firing of due times on every node, each due time exactly once
 * across nodes and restarts ({@link io.semaphore.schedule.ScheduleFiring}).
 */
package io.semaphore.schedule;
