-- Who stopped a task (ours; Semaphore records no such thing): the user whose stop request ended it, null when
-- nobody asked (it ended by itself) or the server stopped it (shutdown, max_task_duration_sec). The task's log
-- also says it, in a line of its own.
ALTER TABLE "task" ADD COLUMN stopped_by INTEGER NULL;
