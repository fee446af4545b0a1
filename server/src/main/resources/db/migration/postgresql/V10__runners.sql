-- Remote runners. The table `runner` (as Semaphore's) exists since V1; from now on its `token` column holds the
-- SHA-256 (hex) of the runner's token, never the token itself, and `touched` is when the runner last polled.
-- task.runner_log_seq: the highest output line number (counted by the runner, 1-based) stored for the task, so a
-- batch the runner sends again after a lost answer adds no line twice. task.runner_waiting: why a task routed to
-- runners still waits (written once per reason, with a log line).
ALTER TABLE "runner" ADD COLUMN created TIMESTAMP WITH TIME ZONE NULL;
ALTER TABLE "task" ADD COLUMN runner_log_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "task" ADD COLUMN runner_waiting VARCHAR(255) NULL;
CREATE INDEX task_runner_idx ON "task" (runner_id);
