-- Schedules: one-time runs ("run_at", as later Semaphore versions) and the state each node needs to fire a
-- due time exactly once. next_due is the due time not yet handled: a node claims it with a conditional UPDATE
-- (WHERE next_due = the value it read), so two nodes on one database never both fire it and a restart neither
-- loses nor repeats it. last_fired / last_missed / missed_count are what the API and UI show.
ALTER TABLE "project__schedule" ADD COLUMN "type" VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE "project__schedule" ADD COLUMN run_at DATETIME NULL;
ALTER TABLE "project__schedule" ADD COLUMN delete_after_run BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE "project__schedule" ADD COLUMN next_due DATETIME NULL;
ALTER TABLE "project__schedule" ADD COLUMN last_fired DATETIME NULL;
ALTER TABLE "project__schedule" ADD COLUMN last_missed DATETIME NULL;
ALTER TABLE "project__schedule" ADD COLUMN missed_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX project__schedule_next_due_idx ON "project__schedule" (next_due);
-- Queue control (ours): a template may hold at most one waiting task; more requests are refused while one waits.
ALTER TABLE "project__template" ADD COLUMN at_most_one_waiting_task BOOLEAN NOT NULL DEFAULT 0;
