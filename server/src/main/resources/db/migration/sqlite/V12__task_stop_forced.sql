-- Whether the stop asked of a running task was a forced one (ours). The node running the task reads it when it
-- sees the stop another node recorded, so a force stop asked anywhere kills the process tree at once.
ALTER TABLE "task" ADD COLUMN stop_forced BOOLEAN NOT NULL DEFAULT 0;
