-- Where a task's processes run, so a node restarted after a crash can end what its tasks left running: the host's
-- boot (process ids mean nothing after a reboot) and the sessions its processes lead ("<id>@<start ticks>", space
-- separated), cleared when the task ends normally. node_id already names the node.
ALTER TABLE "task" ADD COLUMN boot_id VARCHAR(64) NULL;
ALTER TABLE "task" ADD COLUMN process_sessions TEXT NULL;
-- Output lines of the task the database refused (stored with its final status): its log is incomplete.
ALTER TABLE "task" ADD COLUMN log_lost_lines INTEGER NOT NULL DEFAULT 0;
